using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Accounts;

/// Reads the merchant fields of a create or PATCH body onto a merchant; fields not given stay as they were,
/// and null clears an optional one.
public static class MerchantOptions
{
    public static readonly string[] Fields =
        ["name", "send_action_events_in_identification", "events_webhook", "piv_events_url", "webhook_params"];

    private const int MaxWebhookParams = 50;

    public static MerchantRecord Apply(JsonRequest request, MerchantRecord merchant, WebhookUrlPolicy urls)
    {
        if (request.Has("name"))
            merchant = merchant with { Name = NonBlank(request.RequiredString("name")) };
        if (request.Has("send_action_events_in_identification"))
            merchant = merchant with { SendActionEventsInIdentification = request.OptionalBool("send_action_events_in_identification") ?? false };
        if (request.Has("events_webhook"))
            merchant = merchant with { EventsWebhook = Url(request, "events_webhook", urls) };
        if (request.Has("piv_events_url"))
        {
            var url = Url(request, "piv_events_url", urls);
            if (url is not null && !new Uri(url).AbsolutePath.EndsWith("/piv/events", StringComparison.Ordinal))
                throw ApiException.Invalid("piv_events_url", "must be a URL whose path ends in /piv/events.");
            merchant = merchant with { PivEventsUrl = url };
        }
        if (request.Has("webhook_params"))
            merchant = merchant with { WebhookParams = request.OptionalStringMap("webhook_params", MaxWebhookParams) ?? [] };
        return merchant;
    }

    /// The DNS half of the URL checks, run before anything is written.
    public static async Task CheckResolvedAsync(JsonRequest request, WebhookUrlPolicy urls, CancellationToken cancellationToken)
    {
        foreach (var field in new[] { "events_webhook", "piv_events_url" })
        {
            if (request.Has(field)) await urls.CheckResolvedAsync(field, Url(request, field, urls), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string NonBlank(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw ApiException.Invalid("name", "must not be blank.") : name;

    private static string? Url(JsonRequest request, string field, WebhookUrlPolicy urls) =>
        request.OptionalString(field) is { } url ? urls.Validate(field, url) : null;
}
