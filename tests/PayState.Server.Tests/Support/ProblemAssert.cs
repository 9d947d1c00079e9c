using System.Net;
using System.Text.Json;

namespace PayState.Server.Tests.Support;

public static class ProblemAssert
{
    /// A 400 problem+json with code invalid_request whose detail (and "field", when given) names the field.
    public static async Task InvalidRequestAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400 naming {field}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (problem.TryGetProperty("field", out var named)) Assert.Equal(field, named.GetString());
    }
}
