using System.Text;
using PayState.Client.Webhooks;
using PayState.Server.Delivery;
using PayState.Server.Verification;

namespace PayState.Client.Tests.Webhooks;

public sealed class WebhookVerifierTests
{
    // The Standard Webhooks specification's published vector.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1614265330);
    private const string OtherSecret = "whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXkh";

    private static bool Verify(byte[] body, string? id, string? timestamp, string? signature, string[]? secrets = null, DateTimeOffset? now = null, TimeSpan? tolerance = null) =>
        WebhookVerifier.VerifyStandard(body, id, timestamp, signature, secrets ?? [Secret], now ?? SentAt, tolerance);

    [Fact]
    public void PublishedVector_Verifies() => Assert.True(Verify(Body, Id, Timestamp, Signature));

    [Fact]
    public void ServerSigner_AndVerifier_Agree()
    {
        var signature = StandardWebhookSigner.Sign(Id, 1614265330, Body, [StandardWebhookSigner.KeyBytes(Secret)]);
        Assert.Equal(Signature, signature);
    }

    [Fact]
    public void Rotation_EitherSecretAndEitherSignature_Verifies()
    {
        var both = StandardWebhookSigner.Sign(Id, 1614265330, Body, [StandardWebhookSigner.KeyBytes(OtherSecret), StandardWebhookSigner.KeyBytes(Secret)]);
        Assert.Contains(' ', both);
        Assert.True(Verify(Body, Id, Timestamp, both, [Secret]));
        Assert.True(Verify(Body, Id, Timestamp, both, [OtherSecret]));
        // The receiver holds two secrets; the sender signs with only one of them.
        Assert.True(Verify(Body, Id, Timestamp, Signature, [OtherSecret, Secret]));
        Assert.False(Verify(Body, Id, Timestamp, Signature, [OtherSecret]));
        Assert.False(Verify(Body, Id, Timestamp, Signature, []));
    }

    [Fact]
    public void OtherVersionsAndJunkBeside_AreIgnored() =>
        Assert.True(Verify(Body, Id, Timestamp, "v2,abc v1,!!! " + Signature + "  v1a,xyz"));

    [Theory]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    [InlineData(0, true)]
    public void Tolerance_FiveMinutesEitherWay(int offsetSeconds, bool valid) =>
        Assert.Equal(valid, Verify(Body, Id, Timestamp, Signature, now: SentAt.AddSeconds(offsetSeconds)));

    [Fact]
    public void Tolerance_CanBeChanged()
    {
        Assert.True(Verify(Body, Id, Timestamp, Signature, now: SentAt.AddMinutes(9), tolerance: TimeSpan.FromMinutes(10)));
        Assert.False(Verify(Body, Id, Timestamp, Signature, now: SentAt.AddSeconds(11), tolerance: TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Tampered_BodyTimestampOrId_Fails()
    {
        var body = (byte[])Body.Clone();
        body[^2] ^= 1;
        Assert.False(Verify(body, Id, Timestamp, Signature));
        Assert.False(Verify(Body, Id, "1614265331", Signature));
        Assert.False(Verify(Body, Id + "x", Timestamp, Signature));
        Assert.False(Verify(Body, Id, Timestamp, Signature, ["whsec_" + Convert.ToBase64String(new byte[24])]));
    }

    [Theory]
    [InlineData(null, Timestamp, Signature)]
    [InlineData("", Timestamp, Signature)]
    [InlineData(Id, null, Signature)]
    [InlineData(Id, "", Signature)]
    [InlineData(Id, "-1614265330", Signature)]
    [InlineData(Id, " 1614265330", Signature)]
    [InlineData(Id, "1614265330.5", Signature)]
    [InlineData(Id, "99999999999999999999999", Signature)]
    [InlineData(Id, "9223372036854775807", Signature)]
    [InlineData(Id, "abc", Signature)]
    [InlineData(Id, Timestamp, null)]
    [InlineData(Id, Timestamp, "")]
    [InlineData(Id, Timestamp, "v1,")]
    [InlineData(Id, Timestamp, "v1,not base64!")]
    [InlineData(Id, Timestamp, "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData(Id, Timestamp, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=AAAA")]
    [InlineData(Id, Timestamp, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1O==")]
    [InlineData(Id, Timestamp, "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void MalformedHeaders_FailWithoutThrowing(string? id, string? timestamp, string? signature) =>
        Assert.False(Verify(Body, id, timestamp, signature));

    [Theory]
    [InlineData("whsec_")]
    [InlineData("whsec_***")]
    [InlineData("")]
    public void MalformedSecrets_FailWithoutThrowing(string secret)
    {
        Assert.False(Verify(Body, Id, Timestamp, Signature, [secret]));
        Assert.False(WebhookVerifier.VerifyPaysafe(Body, "abc", secret));
    }

    [Fact]
    public void Paysafe_SignatureOfTheRawBody()
    {
        var signature = PaysafeSignature.Compute(Body, StandardWebhookSigner.KeyBytes(Secret));
        Assert.True(WebhookVerifier.VerifyPaysafe(Body, signature, Secret));
        Assert.False(WebhookVerifier.VerifyPaysafe(Body, signature, OtherSecret));
        var body = (byte[])Body.Clone();
        body[0] = (byte)' ';
        Assert.False(WebhookVerifier.VerifyPaysafe(body, signature, Secret));
        Assert.False(WebhookVerifier.VerifyPaysafe(Body, null, Secret));
        Assert.False(WebhookVerifier.VerifyPaysafe(Body, "", Secret));
        Assert.False(WebhookVerifier.VerifyPaysafe(Body, "v1," + signature, Secret));
        Assert.False(WebhookVerifier.VerifyPaysafe(Body, signature[..^4], Secret));
    }
}
