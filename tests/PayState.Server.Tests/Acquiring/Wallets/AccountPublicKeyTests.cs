using NBitcoin;
using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Tests.Acquiring.Wallets;

/// Derivation against published vectors: BIP32's test vectors 1 and 2, and the first Ethereum address of the
/// "abandon ... about" mnemonic (BIP39's all-zero entropy), which wallets and libraries list as 0x9858EfFD...
public sealed class AccountPublicKeyTests
{
    private const string AbandonMnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    [Fact]
    public void Derive_Bip32Vector1_MatchesThePublishedKeysBelowTheDepth3Key()
    {
        // m/0H/1/2H, then its non-hardened children m/0H/1/2H/2 and m/0H/1/2H/2/1000000000.
        var key = Parse("xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5");

        Assert.Equal("xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV",
            key.Derive(2).ToString(Network.Main));
        Assert.Equal("xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy",
            key.Derive(2, 1000000000).ToString(Network.Main));
    }

    [Fact]
    public void Derive_Bip32Vector2_MatchesThePublishedKeys()
    {
        // Vector 2's public path steps: m -> m/0, and m/0/2147483647H/1/2147483646H -> .../2. Its depth-3 key
        // (m/0/2147483647H/1) is an account key as PayState takes one.
        var master = ExtPubKey.Parse("xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB", Network.Main);
        var depth4 = ExtPubKey.Parse("xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL", Network.Main);
        const string depth3 = "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon";

        Assert.Equal("xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH",
            master.Derive(0).ToString(Network.Main));
        Assert.Equal("xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt",
            depth4.Derive(2).ToString(Network.Main));
        Assert.Equal(depth3, Parse(depth3).Text);
    }

    [Fact]
    public void AccountBytes_AbandonMnemonicAccountKey_FirstAddressIsThePublishedOne()
    {
        var account = new Mnemonic(AbandonMnemonic).DeriveExtKey().Derive(new KeyPath("m/44'/60'/0'")).Neuter().ToString(Network.Main);

        var key = Parse(account);

        Assert.Equal("0x9858EfFD232B4033E47d90003D41EC34EcaEda94", NetworkAddress.Of("ethereum", key.AccountBytes(0)));
    }

    [Fact]
    public void AccountBytes_Tron_SameAccountBytesWithTronsPrefix()
    {
        var account = new Mnemonic(AbandonMnemonic).DeriveExtKey().Derive(new KeyPath("m/44'/195'/0'")).Neuter().ToString(Network.Main);

        var address = NetworkAddress.Of("tron", Parse(account).AccountBytes(0));

        // m/44'/195'/0'/0/0 of the same mnemonic, as Tron wallets show it.
        Assert.Equal("TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH", address);
        Assert.True(TronAddress.IsValid(address));
    }

    [Fact]
    public void AccountBytes_SuccessiveIndexes_AreTheChildrenAt0SlashN()
    {
        var master = new Mnemonic(AbandonMnemonic).DeriveExtKey();
        var key = Parse(master.Derive(new KeyPath("m/44'/60'/0'")).Neuter().ToString(Network.Main));

        for (uint n = 0; n < 3; n++)
            Assert.Equal(AccountPublicKey.AccountBytesOf(master.Derive(new KeyPath($"m/44'/60'/0'/0/{n}")).PrivateKey.PubKey), key.AccountBytes(n));
    }

    [Theory]
    [InlineData("xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi", "private key")]
    [InlineData("xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8", "depth 0")]
    [InlineData("xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW6", "not an extended public key")]
    [InlineData("hello", "not an extended public key")]
    public void Parse_NotAnAccountXpub_SaysWhy(string text, string reason)
    {
        Assert.Null(AccountPublicKey.Parse(text, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private static AccountPublicKey Parse(string text) =>
        AccountPublicKey.Parse(text, out var error) ?? throw new InvalidOperationException(error);
}
