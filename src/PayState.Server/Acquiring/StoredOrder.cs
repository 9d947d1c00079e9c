using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Acquiring;

/// An order's document (its envelope) as stored and as answered. The wallet's QR code is a base64 PNG of the payment
/// URI (~1 KB of the ~1.7 KB), and the URI is a function of the order's token, wallet address and amount: stored, the
/// QR code is left empty, and it is rendered again, byte for byte, when the document is answered or sent
/// (PaymentUri and PaymentQrCode are therefore part of the stored format: tests pin what they make).
public static class StoredOrder
{
    /// The document as stored: its QR code left empty. One whose QR code cannot be made again is kept as it is: a
    /// network the URI builder does not know, or an ethereum order while the network is configured with another chain
    /// id than mainnet's (its QR code names that chain, and Expand renders mainnet's, so a testnet's or a local
    /// chain's orders keep theirs).
    public static byte[] Compact(byte[] document, TokenTable tokens) =>
        QrField.Find(document) is { Length: > 0 } qr && qr.Uri() is not null && qr.OnMainnetChain(tokens) ? qr.Replace([]) : document;

    /// The document as answered and sent: an empty QR code rendered again from the order's payment URI.
    public static byte[] Expand(byte[] stored) =>
        QrField.Find(stored) is { Length: 0 } qr && qr.Uri() is { } uri ? qr.Replace(PaymentQrCache.For(uri)) : stored;

    /// Where data.wallet.wallet_qr's text is, and where the fields the payment URI is made from are (read into text
    /// only when the URI is made: a document answered as it is allocates nothing beyond this).
    private sealed class QrField(byte[] document)
    {
        private Range? _tokenAddress, _symbol, _name, _address, _network, _amount, _decimals;
        private bool _nativeToken;

        public int Start { get; private set; } = -1;

        public int Length { get; private set; }

        /// The payment URI the QR code encodes, or null when it cannot be made.
        public string? Uri()
        {
            if (_amount is not { } amount || _symbol is not { } symbol || _name is not { } name || _decimals is not { } decimals
                || _address is not { } address || _network is not { } network || (_tokenAddress is null && !_nativeToken))
                return null;
            try
            {
                var token = new Token(Text(network), Text(symbol), Text(name), int.Parse(Text(decimals), CultureInfo.InvariantCulture),
                    _tokenAddress is { } tokenAddress ? Text(tokenAddress) : null);
                return PaymentUri.For(token, Text(address), BigInteger.Parse(Text(amount), NumberStyles.None, CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                return null;
            }
        }

        /// Whether the URI Expand renders (mainnet's chain id) is the one the order was made with: always on a network
        /// whose URI names no chain.
        public bool OnMainnetChain(TokenTable tokens) =>
            _network is { } network && (Text(network) != TokenTable.Ethereum
                || (tokens.Network(TokenTable.Ethereum)?.ChainId ?? PaymentUri.MainnetChainId) == PaymentUri.MainnetChainId);

        public byte[] Replace(ReadOnlySpan<byte> text)
        {
            var result = new byte[document.Length - Length + text.Length];
            document.AsSpan(0, Start).CopyTo(result);
            text.CopyTo(result.AsSpan(Start));
            document.AsSpan(Start + Length).CopyTo(result.AsSpan(Start + text.Length));
            return result;
        }

        private string Text(Range range) => Encoding.UTF8.GetString(document.AsSpan(range));

        /// Reads the order up to the end of its wallet (the network follows the QR code); null for a document with no
        /// QR code, or one whose QR code has escapes in it (base64 has none).
        public static QrField? Find(byte[] document)
        {
            var reader = new Utf8JsonReader(document);
            var field = new QrField(document);
            var parent = Parent.None;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2)
                {
                    parent = reader.ValueTextEquals("currency"u8) ? Parent.Currency : reader.ValueTextEquals("wallet"u8) ? Parent.Wallet : Parent.None;
                    if (reader.ValueTextEquals("amount"u8) && reader.Read()) field._amount = Value(ref reader, JsonTokenType.Number);
                }
                else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 2 && parent == Parent.Wallet)
                {
                    return field.Start < 0 ? null : field;
                }
                else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 3 && parent != Parent.None)
                {
                    if (!field.Read(ref reader, parent)) return null;
                }
            }
            return null;
        }

        /// The value of a currency or wallet property; false when the QR code's text is escaped.
        private bool Read(ref Utf8JsonReader reader, Parent parent)
        {
            var name = Name(ref reader, parent);
            reader.Read();
            switch (name)
            {
                case Known.WalletQr:
                    if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return false;
                    (Start, Length) = ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                    break;
                case Known.WalletAddress:
                    _address = Value(ref reader, JsonTokenType.String);
                    break;
                case Known.Network:
                    _network = Value(ref reader, JsonTokenType.String);
                    break;
                case Known.TokenAddress:
                    _tokenAddress = Value(ref reader, JsonTokenType.String);
                    _nativeToken = reader.TokenType == JsonTokenType.Null;
                    break;
                case Known.Symbol:
                    _symbol = Value(ref reader, JsonTokenType.String);
                    break;
                case Known.Name:
                    _name = Value(ref reader, JsonTokenType.String);
                    break;
                case Known.Decimals:
                    _decimals = Value(ref reader, JsonTokenType.Number);
                    break;
            }
            return true;
        }

        private static Known Name(ref Utf8JsonReader reader, Parent parent) => parent switch
        {
            Parent.Wallet when reader.ValueTextEquals("wallet_qr"u8) => Known.WalletQr,
            Parent.Wallet when reader.ValueTextEquals("wallet_address"u8) => Known.WalletAddress,
            Parent.Wallet when reader.ValueTextEquals("network"u8) => Known.Network,
            Parent.Currency when reader.ValueTextEquals("token_address"u8) => Known.TokenAddress,
            Parent.Currency when reader.ValueTextEquals("symbol"u8) => Known.Symbol,
            Parent.Currency when reader.ValueTextEquals("name"u8) => Known.Name,
            Parent.Currency when reader.ValueTextEquals("decimals"u8) => Known.Decimals,
            _ => Known.Other,
        };

        /// Where the value is in the document, when it is of the kind expected and needs no unescaping.
        private static Range? Value(ref Utf8JsonReader reader, JsonTokenType expected)
        {
            if (reader.TokenType != expected || reader.ValueIsEscaped) return null;
            var start = (int)reader.TokenStartIndex + (expected == JsonTokenType.String ? 1 : 0);
            return start..(start + reader.ValueSpan.Length);
        }

        private enum Parent
        {
            None,
            Currency,
            Wallet,
        }

        private enum Known
        {
            Other,
            WalletQr,
            WalletAddress,
            Network,
            TokenAddress,
            Symbol,
            Name,
            Decimals,
        }
    }
}
