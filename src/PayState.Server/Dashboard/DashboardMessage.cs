using System.Globalization;

namespace PayState.Server.Dashboard;

public enum MessageTone
{
    Success,
    Error,
}

/// What a button's redirect tells the next page (Post/Redirect/Get). The URL carries a code from this list and at
/// most a count, never a sentence: a crafted link can show one of these, not words of its own on a signed-in page.
public sealed record DashboardMessage(MessageTone Tone, string Text)
{
    public const string Resent = "resent";
    public const string InFlight = "in-flight";
    public const string DeadResent = "dead-resent";
    public const string SinceMissing = "since-missing";
    public const string Moved = "moved";
    public const string MoveRefused = "move-refused";
    public const string TestOrder = "test-order";
    public const string MerchantOnly = "merchant-only";

    /// The message for a code and its count, or null for anything else.
    public static DashboardMessage? For(string? code, string? count) => code switch
    {
        Resent => new(MessageTone.Success, "Delivery queued to be sent again."),
        InFlight => new(MessageTone.Error, "That delivery is being sent right now; look again in a moment."),
        DeadResent when Count(count) is { } n => new(MessageTone.Success, n == 1 ? "1 dead delivery queued to be sent again." : $"{n} dead deliveries queued to be sent again."),
        SinceMissing => new(MessageTone.Error, "Give the time from which dead deliveries are resent."),
        Moved => new(MessageTone.Success, "Moved: the new state is shown below, and its webhooks are on their way."),
        MoveRefused => new(MessageTone.Error, "That move is not allowed from the object's current state; the buttons show the ones that are."),
        TestOrder => new(MessageTone.Success, "Test order created: move it with the buttons, then look in the webhook inbox."),
        MerchantOnly => new(MessageTone.Error, "Sign in as a merchant (its API key and secret) to create test orders."),
        _ => null,
    };

    private static int? Count(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
