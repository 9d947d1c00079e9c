using System.Text;
using PayState.Server.Http;

namespace PayState.Server.Tests.Http;

/// Error bodies: the acquiring API's own envelope under its path, RFC 9457 problem details with a code elsewhere.
public sealed class ApiErrorWriterTests
{
    [Fact]
    public void Render_AcquiringPath_UsesTheAcquiringEnvelope()
    {
        var body = ApiErrorWriter.Render("/api/public/v1/acquiring/order", 400, "invalid_request", "amount: is required.", "amount");

        Assert.Equal("""{"success":false,"error":{"code":"invalid_request","message":"amount: is required."}}""", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Render_OtherPath_IsProblemDetailsWithCodeAndField()
    {
        var body = ApiErrorWriter.Render("/api/v1/checkouts", 404, "not_found", "Checkout 'x' was not found.", "id");

        Assert.Equal(
            """{"type":"about:blank","title":"Not Found","status":404,"detail":"Checkout 'x' was not found.","code":"not_found","field":"id"}""",
            Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Render_NoField_LeavesFieldOut()
    {
        var body = Encoding.UTF8.GetString(ApiErrorWriter.Render("/admin/v1/merchants", 409, "conflict", "Busy.", null));

        Assert.DoesNotContain("\"field\"", body, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Conflict\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/public/v1/acquiring", true)]
    [InlineData("/api/public/v1/acquiring/order/abc", true)]
    [InlineData("/api/public/v1/acquiringx", false)]
    [InlineData("/api/v1/piv/sessions", false)]
    public void UsesAcquiringEnvelope_ByPathSegment(string path, bool expected) =>
        Assert.Equal(expected, ApiErrorWriter.UsesAcquiringEnvelope(path));

    [Fact]
    public async Task WriteAsync_SetsStatusTypeAndLength()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/v1/checkouts";
        context.Response.Body = new MemoryStream();

        await ApiErrorWriter.WriteAsync(context, 422, "idempotency_key_reused", "Reused.");

        Assert.Equal(422, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.Equal(context.Response.Body.Length, context.Response.ContentLength);
    }
}
