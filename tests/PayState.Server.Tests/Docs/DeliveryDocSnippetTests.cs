using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Docs;

/// The receiver-side verifier printed in docs/delivery.md, read from the doc, compiled and run against a real
/// webhook: the doc cannot drift from code that works.
public sealed partial class DeliveryDocSnippetTests
{
    private delegate bool Verifier(byte[] rawBody, IHeaderDictionary h, string whsec, TimeProvider clock);

    [Fact]
    public async Task Snippet_RealWebhook_VerifiesAndRejectsTampering()
    {
        var verify = CompileSnippet(ReadSnippet());
        await using var server = await TestServer.StartAsync();
        await using var receiver = await FakeReceiver.StartAsync();
        var merchant = await server.CreateMerchantAsync();
        var order = await merchant.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = receiver.UrlFor("/hook") });
        await server.MoveOrderAsync(order.GetProperty("uuid").GetString()!, "Pending");
        var webhook = await receiver.NextAsync();
        var headers = new HeaderDictionary();
        foreach (var (name, value) in webhook.Headers) headers[name] = value;

        Assert.True(verify(webhook.Body, headers, merchant.WebhookSecret, server.Clock));
        Assert.False(verify([.. webhook.Body, (byte)' '], headers, merchant.WebhookSecret, server.Clock));
        server.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.False(verify(webhook.Body, headers, merchant.WebhookSecret, server.Clock));
    }

    /// The csharp block under "## Verifying a webhook in C#", exactly as printed.
    private static string ReadSnippet()
    {
        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "delivery.md"));
        var match = SnippetBlock().Match(doc);
        Assert.True(match.Success, "docs/delivery.md has no ```csharp block under \"## Verifying a webhook in C#\".");
        return match.Groups["code"].Value;
    }

    /// Compiles the snippet as a reader would paste it into a class (with the usings it needs) against the
    /// framework this test runs on, warnings counting as errors as in the rest of the build.
    private static Verifier CompileSnippet(string snippet)
    {
        var source = $$"""
            using System;
            using System.Linq;
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Http;

            public static class DocSnippet
            {
            {{snippet}}
            }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "DeliveryDocSnippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(result.Success && problems.Count == 0, "The snippet of docs/delivery.md does not compile cleanly:\n" + string.Join('\n', problems));
        var method = Assembly.Load(image.ToArray()).GetType("DocSnippet")!.GetMethod("Verify", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
        Assert.NotNull(method);
        return method.CreateDelegate<Verifier>();
    }

    [GeneratedRegex(@"^## Verifying a webhook in C#\s*```csharp\r?\n(?<code>.*?)\r?\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SnippetBlock();
}
