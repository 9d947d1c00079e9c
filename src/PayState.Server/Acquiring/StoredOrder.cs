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
    /// The document as stored: its QR code left empty. One whose QR code cannot be made again (a network the URI
    /// builder does not know) is kept as it is.
    public static byte[] Compact(byte[] document) =>
        QrField.Find(document) is { Length: > 0 } qr && qr.Uri() is not null ? qr.Replace(document, []) : document;

    /// The document as answered and sent: an empty QR code rendered again from the order's payment URI.
    public static byte[] Expand(byte[] stored) =>
        QrField.Find(stored) is { Length: 0 } qr && qr.Uri() is { } uri ? qr.Replace(stored, PaymentQrCache.For(uri)) : stored;

    /// Where data.wallet.wallet_qr's text is, and the fields the payment URI is made from.
    private sealed class QrField
    {
        private string? _tokenAddress, _symbol, _name, _address, _network;
        private int? _decimals;
        private BigInteger? _amount;

        public int Start { get; private set; } = -1;

        public int Length { get; private set; }

        /// The payment URI the QR code encodes, or null when it cannot be made.
        public string? Uri()
        {
            if (_amount is not { } amount || _symbol is null || _name is null || _decimals is not { } decimals || _address is null || _network is null)
                return null;
            try
            {
                return PaymentUri.For(new Token(_network, _symbol, _name, decimals, _tokenAddress), _address, amount);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        public byte[] Replace(byte[] document, ReadOnlySpan<byte> text)
        {
            var result = new byte[document.Length - Length + text.Length];
            document.AsSpan(0, Start).CopyTo(result);
            text.CopyTo(result.AsSpan(Start));
            document.AsSpan(Start + Length).CopyTo(result.AsSpan(Start + text.Length));
            return result;
        }

        /// Reads the order up to the end of its wallet (the network follows the QR code); null for a document with no
        /// QR code, or one with escapes in it (base64 has none).
        public static QrField? Find(byte[] document)
        {
            var reader = new Utf8JsonReader(document);
            var field = new QrField();
            var parent = Parent.None;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2)
                {
                    parent = reader.ValueTextEquals("currency"u8) ? Parent.Currency : reader.ValueTextEquals("wallet"u8) ? Parent.Wallet : Parent.None;
                    if (reader.ValueTextEquals("amount"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
                        field._amount = BigInteger.Parse(Encoding.UTF8.GetString(reader.ValueSpan), NumberStyles.None, CultureInfo.InvariantCulture);
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
            var name = reader.GetString();
            reader.Read();
            if (parent == Parent.Wallet && name == "wallet_qr")
            {
                if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return false;
                (Start, Length) = ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                return true;
            }
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            switch (parent, name)
            {
                case (Parent.Wallet, "wallet_address"):
                    _address = text;
                    break;
                case (Parent.Wallet, "network"):
                    _network = text;
                    break;
                case (Parent.Currency, "token_address"):
                    _tokenAddress = text;
                    break;
                case (Parent.Currency, "symbol"):
                    _symbol = text;
                    break;
                case (Parent.Currency, "name"):
                    _name = text;
                    break;
                case (Parent.Currency, "decimals") when reader.TokenType == JsonTokenType.Number:
                    _decimals = reader.GetInt32();
                    break;
            }
            return true;
        }

        private enum Parent
        {
            None,
            Currency,
            Wallet,
        }
    }
}
