using NBitcoin;

namespace PayState.Server.Acquiring.Wallets;

/// A merchant's account-level extended public key (BIP32 "xpub", as at m/44'/60'/0'): every receiving address is
/// derived from it, so the private key never touches PayState. Derivation and secp256k1 are NBitcoin's.
public sealed class AccountPublicKey
{
    /// Where an account key sits in BIP44 (m / purpose' / coin' / account'), and so where wallets export it.
    public const int AccountDepth = 3;

    private readonly ExtPubKey _key;
    // The external chain (0) below the account, derived once: each address is then one more step.
    private readonly ExtPubKey _receiving;

    private AccountPublicKey(ExtPubKey key, string text)
    {
        _key = key;
        Text = text;
        _receiving = key.Derive(0);
    }

    /// The key as the merchant gave it (base58check).
    public string Text { get; }

    /// Reads an xpub; null, with what is wrong in error, when it is not an account-level extended public key.
    public static AccountPublicKey? Parse(string text, out string error)
    {
        text = text.Trim();
        if (text.StartsWith("xprv", StringComparison.Ordinal) || text.StartsWith("tprv", StringComparison.Ordinal))
        {
            error = "is an extended private key; give the extended public key (xpub...) of the account, never the private one.";
            return null;
        }
        ExtPubKey key;
        try
        {
            key = ExtPubKey.Parse(text, Network.Main);
        }
        catch (FormatException)
        {
            error = "is not an extended public key: expected the base58check text of a BIP32 xpub (xpub...).";
            return null;
        }
        if (key.Depth != AccountDepth)
        {
            error = $"is a key at depth {key.Depth}; an account-level key (depth {AccountDepth}, as m/44'/60'/0' for Ethereum) is expected.";
            return null;
        }
        error = "";
        return new AccountPublicKey(key, key.ToString(Network.Main));
    }

    /// The 20-byte account id (Ethereum address bytes, and Tron's after its 0x41) of the address at 0/index.
    public byte[] AccountBytes(uint index) => AccountBytesOf(_receiving.Derive(index).PubKey);

    /// keccak256 of the uncompressed public key (without its 0x04 prefix), its last 20 bytes.
    public static byte[] AccountBytesOf(PubKey key)
    {
        var uncompressed = key.Decompress().ToBytes();
        return Keccak256.Hash(uncompressed.AsSpan(1))[12..];
    }

    /// The child at the given non-hardened path below this key, for checks against published vectors.
    public ExtPubKey Derive(params uint[] path) => path.Aggregate(_key, (key, index) => key.Derive(index));
}
