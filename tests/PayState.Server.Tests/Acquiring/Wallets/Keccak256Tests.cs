using System.Numerics;
using System.Text;
using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Tests.Acquiring.Wallets;

public sealed class Keccak256Tests
{
    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void Hash_KnownAsciiInput_ReturnsPublishedDigest(string input, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(Keccak256.Hash(Encoding.ASCII.GetBytes(input))));
    }

    // Published Keccak-256 vectors: 200 bytes of 0xA3 spans two 136-byte blocks; 135 bytes leaves
    // one byte for padding (0x01 and 0x80 share it); 137 zero bytes just overflows the first block.
    [Theory]
    [InlineData(200, 0xA3, "3a57666b048777f2c953dc4456f45a2588e1cb6f2da760122d530ac2ce607d4a")]
    [InlineData(135, 0xA3, "3d28d08c3dacab77392064a939f3e7f8d03f2e02e2c664ac08a05f63ac652626")]
    [InlineData(137, 0x00, "bee7fbb405cb0d91a8775e338c4a5e4b5d6b2d051f687fa942043cffdc73bd28")]
    public void Hash_RepeatedByteInput_ReturnsPublishedDigest(int length, byte value, string expected)
    {
        var input = Enumerable.Repeat(value, length).ToArray();

        Assert.Equal(expected, Convert.ToHexStringLower(Keccak256.Hash(input)));
    }

    // Bytes 0, 1, 2, ... around the rate boundaries; digests from an independent Python implementation
    // whose permutation was checked against hashlib.sha3_256 (same permutation, 0x06 padding).
    [Theory]
    [InlineData(135, "cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62")]
    [InlineData(136, "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e")]
    [InlineData(137, "ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db")]
    [InlineData(200, "bfb0aa97863e797943cf7c33bb7e880bb4543f3d2703c0923c6901c2af57b890")]
    [InlineData(272, "fdf2ec49e749960d3c8521a0219af8d03e30e2b3bf19bd16150ee0eaf133d66e")]
    [InlineData(273, "4f707289a9c3ccd0c4a51f2f17339f5dd171d371c04ff7783b735b5b22682eaf")]
    public void Hash_CountingInputAtBlockBoundary_ReturnsReferenceDigest(int length, string expected)
    {
        var input = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        Assert.Equal(expected, Convert.ToHexStringLower(Keccak256.Hash(input)));
    }

    [Fact]
    public void Hash_AnyLengthUpTo300_MatchesSimpleReference()
    {
        for (var length = 0; length <= 300; length++)
        {
            var input = Enumerable.Range(0, length).Select(i => (byte)((i * 7) + 3)).ToArray();

            Assert.Equal(SimpleKeccak256(input), Keccak256.Hash(input));
        }
    }

    // Deliberately naive reference: 2-D lanes A[x, y], rho offsets derived from the spec's
    // (t+1)(t+2)/2 walk, padding applied to a whole copied message.
    private static byte[] SimpleKeccak256(byte[] message)
    {
        const int rate = 136;
        var padded = new List<byte>(message) { 0x01 };
        while (padded.Count % rate != 0)
        {
            padded.Add(0);
        }
        padded[^1] |= 0x80;

        var a = new ulong[5, 5];
        for (var offset = 0; offset < padded.Count; offset += rate)
        {
            for (var i = 0; i < rate / 8; i++)
            {
                ulong lane = 0;
                for (var k = 7; k >= 0; k--)
                {
                    lane = (lane << 8) | padded[offset + (8 * i) + k];
                }
                a[i % 5, i / 5] ^= lane;
            }
            a = SimplePermute(a);
        }

        var digest = new byte[32];
        for (var i = 0; i < 32; i++)
        {
            digest[i] = (byte)(a[(i / 8) % 5, (i / 8) / 5] >> (8 * (i % 8)));
        }
        return digest;
    }

    private static ulong[,] SimplePermute(ulong[,] a)
    {
        var rho = new int[5, 5];
        int x = 1, y = 0;
        for (var t = 0; t < 24; t++)
        {
            rho[x, y] = (t + 1) * (t + 2) / 2 % 64;
            (x, y) = (y, ((2 * x) + (3 * y)) % 5);
        }

        // Iota constants from the degree-8 LFSR in the Keccak reference, not a pasted table.
        byte lfsr = 1;
        for (var round = 0; round < 24; round++)
        {
            var c = new ulong[5];
            for (var i = 0; i < 5; i++)
            {
                c[i] = a[i, 0] ^ a[i, 1] ^ a[i, 2] ^ a[i, 3] ^ a[i, 4];
            }
            for (var i = 0; i < 5; i++)
            {
                var d = c[(i + 4) % 5] ^ BitOperations.RotateLeft(c[(i + 1) % 5], 1);
                for (var j = 0; j < 5; j++)
                {
                    a[i, j] ^= d;
                }
            }

            var b = new ulong[5, 5];
            for (var i = 0; i < 5; i++)
            {
                for (var j = 0; j < 5; j++)
                {
                    b[j, ((2 * i) + (3 * j)) % 5] = BitOperations.RotateLeft(a[i, j], rho[i, j]);
                }
            }
            for (var i = 0; i < 5; i++)
            {
                for (var j = 0; j < 5; j++)
                {
                    a[i, j] = b[i, j] ^ (~b[(i + 1) % 5, j] & b[(i + 2) % 5, j]);
                }
            }

            for (var bit = 0; bit < 7; bit++)
            {
                if ((lfsr & 1) != 0)
                {
                    a[0, 0] ^= 1UL << ((1 << bit) - 1);
                }
                lfsr = (byte)((lfsr & 0x80) != 0 ? (lfsr << 1) ^ 0x71 : lfsr << 1);
            }
        }
        return a;
    }
}
