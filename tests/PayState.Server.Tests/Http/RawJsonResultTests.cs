using System.Text;
using PayState.Server.Http;

namespace PayState.Server.Tests.Http;

/// JSON answers written byte for byte as built, with the field order and number text of the wire format.
public sealed class RawJsonResultTests
{
    private static async Task<(HttpResponse Response, string Body)> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        return (context.Response, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Fact]
    public async Task ExecuteAsync_WritesTheBytesAsGiven()
    {
        var bytes = "{\"b\":1.50,\"a\":\"é\"}"u8.ToArray();

        var (response, body) = await ExecuteAsync(new RawJsonResult(201, bytes, "\"v3\""));

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal(bytes.Length, response.ContentLength);
        Assert.Equal("\"v3\"", response.Headers.ETag.ToString());
        Assert.Equal("{\"b\":1.50,\"a\":\"é\"}", body);
    }

    [Fact]
    public async Task ExecuteAsync_NoEtag_NoHeader()
    {
        var (response, _) = await ExecuteAsync(new RawJsonResult(200, "{}"u8.ToArray()));

        Assert.False(response.Headers.ContainsKey("ETag"));
    }

    [Fact]
    public void JsonBytes_KeepsFieldOrderAndWritesTextUnescaped()
    {
        var bytes = JsonBytes.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("z", "l'été <b>");
            json.WriteNumber("a", 1);
            json.WriteEndObject();
        });

        Assert.Equal("{\"z\":\"l'été <b>\",\"a\":1}", Encoding.UTF8.GetString(bytes));
    }
}
