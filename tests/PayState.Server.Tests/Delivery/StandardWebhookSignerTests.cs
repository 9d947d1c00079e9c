using System.Text;
using PayState.Server.Delivery;
using PayState.Server.Storage;

namespace PayState.Server.Tests.Delivery;

public sealed class StandardWebhookSignerTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public void Sign_PublishedVector_ReproducesReferenceSignature()
    {
        var signature = StandardWebhookSigner.Sign(
            "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), [StandardWebhookSigner.KeyBytes(Secret)]);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Sign_TwoKeys_GivesOneSignaturePerKeySpaceSeparated()
    {
        var keys = new[] { StandardWebhookSigner.KeyBytes(Secret), StandardWebhookSigner.KeyBytes("whsec_" + Convert.ToBase64String(new byte[32])) };

        var signature = StandardWebhookSigner.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), keys);

        var parts = signature.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", parts[0]);
        Assert.StartsWith("v1,", parts[1]);
        Assert.NotEqual(parts[0], parts[1]);
    }

    [Fact]
    public void SigningKeys_DuringAndAfterRotationOverlap_IncludeThePreviousSecretOnlyUntilItLapses()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var previous = "whsec_" + Convert.ToBase64String(new byte[32]);
        var terminal = new TerminalRecord("t", "m", "k", "s", Secret, previous, now.AddHours(24), now);

        Assert.Equal(2, SigningKeys.For(terminal, now.AddHours(23)).Count);
        Assert.Single(SigningKeys.For(terminal, now.AddHours(24)));
        Assert.Equal(StandardWebhookSigner.KeyBytes(Secret), SigningKeys.For(terminal, now.AddHours(25))[0]);
    }
}
