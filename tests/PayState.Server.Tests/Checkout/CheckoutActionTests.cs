using PayState.Server.Checkout;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// Spec section 4 and seed 000's action table: the processor sets each of the fourteen actions, the shopper's
/// wait answers exactly that action's JSON (action first, then its fields in the catalogue's order), and every
/// refused move answers 4xx and changes nothing.
public abstract class CheckoutActionTests(Backend backend) : CheckoutActionTestBase(backend)
{
    /// What the processor sends, and what the wait then answers, byte for byte.
    public sealed record SetCase(string Request, string Expected);

    private static SetCase Same(string json) => new(json, json);

    internal static readonly Dictionary<string, SetCase> Accepted = new()
    {
        ["WaitForIdVerification"] = Same(IdVerification),
        ["WaitForIdVerificationVerified"] = Same("""{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","status":"VERIFIED","message":"ok"}"""),
        ["WaitForIdVerificationFailed"] = Same("""{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","status":"FAILED","message":"no"}"""),
        ["WaitForIdVerificationError"] = Same("""{"action":"wait_for_id_verification","session_url":"http://magic.veriff.me/x","status":"ERROR","message":"e"}"""),
        ["WaitForIdVerificationWithoutMessage"] = new(
            """{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","status":"STARTED"}""",
            """{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","status":"STARTED","message":""}"""),
        ["WaitForIdVerificationFieldsReordered"] = new(
            """{ "message": "Verificación en curso", "status": "STARTED", "session_url": "https://magic.veriff.me/v/x?a=1&b=<2>", "action": "wait_for_id_verification" }""",
            """{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/x?a=1&b=<2>","status":"STARTED","message":"Verificación en curso"}"""),
        ["AltPaymentDefaults"] = new(
            """{"action":"alt_payment","title":"t","messages":["m"],"credit_agreements":[{"a":1}]}""",
            """{"action":"alt_payment","title":"t","messages":["m"],"credit_agreements":[{"a":1}],"forced_credit_agreement_index":null,"errors":[]}"""),
        ["AltPaymentForcedIndexNull"] = Same(
            """{"action":"alt_payment","title":"t","messages":[],"credit_agreements":[],"forced_credit_agreement_index":null,"errors":[]}"""),
        ["AltPaymentAllFieldsReordered"] = new(
            """{"errors":["e1",{"field":"dni"}],"forced_credit_agreement_index":2,"credit_agreements":[{"a":1},{"b":[1,2.50,"x"]},{}],"messages":["m1","m2"],"title":"Pay later","action":"alt_payment"}""",
            """{"action":"alt_payment","title":"Pay later","messages":["m1","m2"],"credit_agreements":[{"a":1},{"b":[1,2.50,"x"]},{}],"forced_credit_agreement_index":2,"errors":["e1",{"field":"dni"}]}"""),
        ["AltPaymentForcedIndexZero"] = new(
            """{"action":"alt_payment","title":"t","messages":["m"],"credit_agreements":[{"a":1}],"forced_credit_agreement_index":0}""",
            """{"action":"alt_payment","title":"t","messages":["m"],"credit_agreements":[{"a":1}],"forced_credit_agreement_index":0,"errors":[]}"""),
        ["FinishWithoutReturnUrl"] = new("""{"action":"finish"}""", $$"""{"action":"finish","return_url":"{{ReturnUrl}}"}"""),
        ["FinishWithReturnUrl"] = Same("""{"action":"finish","return_url":"https://other.example/done?order=1&x=2"}"""),
        ["ShowOnHoldWithoutReturnUrl"] = new("""{"action":"show_on_hold"}""", $$"""{"action":"show_on_hold","return_url":"{{ReturnUrl}}"}"""),
        ["ShowOnHoldWithReturnUrl"] = Same("""{"action":"show_on_hold","return_url":"https://other.example/held"}"""),
        ["ShowIdentificationFormWithoutErrors"] = Same("""{"action":"show_identification_form"}"""),
        ["ShowIdentificationFormWithErrors"] = Same("""{"action":"show_identification_form","errors":[{"field":"dni","message":"invalid"}]}"""),
        ["ShowIdentificationFormEmptyErrors"] = Same("""{"action":"show_identification_form","errors":[]}"""),
        ["RequirePayment"] = Same("""{"action":"require_payment","iframe_url":"https://pay.example/iframe/1","amount":12000,"reusable_cards":[{"id":"c1","last4":"4242"}]}"""),
        ["RequirePaymentReordered"] = new(
            """{"reusable_cards":[],"amount":1,"iframe_url":"https://pay.example/i","action":"require_payment"}""",
            """{"action":"require_payment","iframe_url":"https://pay.example/i","amount":1,"reusable_cards":[]}"""),
        ["WaitForScreening"] = Same("""{"action":"wait_for_screening","expires_in":120}"""),
        ["ShowConflict"] = Same("""{"action":"show_conflict"}"""),
        ["ResumeAfterScreening"] = Same("""{"action":"resume_after_screening"}"""),
        ["WaitForConfirmation"] = Same("""{"action":"wait_for_confirmation"}"""),
        ["WaitForOnHold"] = Same("""{"action":"wait_for_on_hold"}"""),
        ["RequireValidateOtp"] = Same("""{"action":"require_validate_otp"}"""),
        ["ShowError"] = Same("""{"action":"show_error"}"""),
        ["Reject"] = Same("""{"action":"reject"}"""),
    };

    /// A refused processor body, the field its problem must name (null: the body as a whole), and the code.
    public sealed record BadCase(string Body, string? Field, string Code = "invalid_request");

    private static readonly Dictionary<string, BadCase> Refused = new()
    {
        ["UnknownAction"] = new("""{"action":"dance"}""", "action"),
        ["ActionWrongCase"] = new("""{"action":"Finish"}""", "action"),
        ["MissingAction"] = new("""{"expires_in":120}""", "action"),
        ["EmptyObject"] = new("{}", "action"),
        ["ActionNumber"] = new("""{"action":1}""", "action"),
        ["ActionNull"] = new("""{"action":null}""", "action"),
        ["DuplicateAction"] = new("""{"action":"show_error","action":"reject"}""", "action"),
        ["FieldOfOtherActionExpiresInOnShowError"] = new("""{"action":"show_error","expires_in":120}""", "expires_in"),
        ["FieldOfOtherActionReturnUrlOnReject"] = new("""{"action":"reject","return_url":"https://shop.example/x"}""", "return_url"),
        ["FieldOfOtherActionErrorsOnRequirePayment"] = new(
            """{"action":"require_payment","iframe_url":"https://pay.example/i","amount":1,"reusable_cards":[],"errors":[]}""", "errors"),
        ["UnknownField"] = new("""{"action":"show_error","colour":"red"}""", "colour"),
        ["UnknownFieldBesideValidFields"] = new("""{"action":"wait_for_screening","expires_in":120,"extra":1}""", "extra"),
        ["SessionUrlMissing"] = new("""{"action":"wait_for_id_verification","status":"STARTED","message":""}""", "session_url"),
        ["StatusMissing"] = new("""{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","message":""}""", "status"),
        ["ExpiresInMissing"] = new("""{"action":"wait_for_screening"}""", "expires_in"),
        ["TitleMissing"] = new("""{"action":"alt_payment","messages":["m"],"credit_agreements":[{"a":1}]}""", "title"),
        ["MessagesMissing"] = new("""{"action":"alt_payment","title":"t","credit_agreements":[{"a":1}]}""", "messages"),
        ["CreditAgreementsMissing"] = new("""{"action":"alt_payment","title":"t","messages":["m"]}""", "credit_agreements"),
        ["IframeUrlMissing"] = new("""{"action":"require_payment","amount":12000,"reusable_cards":[]}""", "iframe_url"),
        ["AmountMissing"] = new("""{"action":"require_payment","iframe_url":"https://pay.example/i","reusable_cards":[]}""", "amount"),
        ["ReusableCardsMissing"] = new("""{"action":"require_payment","iframe_url":"https://pay.example/i","amount":12000}""", "reusable_cards"),
        ["StatusDone"] = new("""{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","status":"DONE","message":""}""", "status"),
        ["StatusLowercase"] = new("""{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","status":"started","message":""}""", "status"),
        ["StatusNumber"] = new("""{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","status":1,"message":""}""", "status"),
        ["MessageNumber"] = new("""{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","status":"STARTED","message":1}""", "message"),
        ["MessageNull"] = new("""{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","status":"STARTED","message":null}""", "message"),
        ["SessionUrlNotUrl"] = new("""{"action":"wait_for_id_verification","session_url":"not a url","status":"STARTED","message":""}""", "session_url"),
        ["SessionUrlFtp"] = new("""{"action":"wait_for_id_verification","session_url":"ftp://x","status":"STARTED","message":""}""", "session_url"),
        ["ReusableCardsObject"] = new("""{"action":"require_payment","iframe_url":"https://pay.example/i","amount":12000,"reusable_cards":{"id":"c1"}}""", "reusable_cards"),
        ["ReusableCardsNull"] = new("""{"action":"require_payment","iframe_url":"https://pay.example/i","amount":12000,"reusable_cards":null}""", "reusable_cards"),
        ["IframeUrlNotUrl"] = new("""{"action":"require_payment","iframe_url":"iframe","amount":12000,"reusable_cards":[]}""", "iframe_url"),
        ["AmountZero"] = new("""{"action":"require_payment","iframe_url":"https://pay.example/i","amount":0,"reusable_cards":[]}""", "amount"),
        ["AmountString"] = new("""{"action":"require_payment","iframe_url":"https://pay.example/i","amount":"12000","reusable_cards":[]}""", "amount"),
        ["MessagesString"] = new("""{"action":"alt_payment","title":"t","messages":"m","credit_agreements":[{"a":1}]}""", "messages"),
        ["TitleNumber"] = new("""{"action":"alt_payment","title":7,"messages":["m"],"credit_agreements":[{"a":1}]}""", "title"),
        ["ErrorsObject"] = new("""{"action":"alt_payment","title":"t","messages":["m"],"credit_agreements":[{"a":1}],"errors":{}}""", "errors"),
        ["ForcedIndexString"] = new("""{"action":"alt_payment","title":"t","messages":["m"],"credit_agreements":[{"a":1}],"forced_credit_agreement_index":"1"}""", "forced_credit_agreement_index"),
        ["ForcedIndexFraction"] = new("""{"action":"alt_payment","title":"t","messages":["m"],"credit_agreements":[{"a":1}],"forced_credit_agreement_index":1.5}""", "forced_credit_agreement_index"),
        ["ForcedIndexNegative"] = new("""{"action":"alt_payment","title":"t","messages":["m"],"credit_agreements":[{"a":1}],"forced_credit_agreement_index":-1}""", "forced_credit_agreement_index"),
        ["ExpiresInZero"] = new("""{"action":"wait_for_screening","expires_in":0}""", "expires_in"),
        ["ExpiresInNegative"] = new("""{"action":"wait_for_screening","expires_in":-5}""", "expires_in"),
        ["ExpiresInString"] = new("""{"action":"wait_for_screening","expires_in":"120"}""", "expires_in"),
        ["ExpiresInFraction"] = new("""{"action":"wait_for_screening","expires_in":1.5}""", "expires_in"),
        ["ExpiresInExponent"] = new("""{"action":"wait_for_screening","expires_in":1e2}""", "expires_in"),
        ["ExpiresInNull"] = new("""{"action":"wait_for_screening","expires_in":null}""", "expires_in"),
        ["ReturnUrlNotUrl"] = new("""{"action":"finish","return_url":"thanks"}""", "return_url"),
        ["ReturnUrlNull"] = new("""{"action":"show_on_hold","return_url":null}""", "return_url"),
        ["MalformedJson"] = new("""{"action":"show_error" """, null, "invalid_json"),
        ["JsonArray"] = new("""[{"action":"show_error"}]""", null, "invalid_json"),
        ["JsonString"] = new("\"show_error\"", null, "invalid_json"),
        ["EmptyBody"] = new("", null, "invalid_json"),
    };

    public static TheoryData<string> AcceptedNames => [.. Accepted.Keys];

    public static TheoryData<string> RefusedNames => [.. Refused.Keys];

    [Fact]
    public void Catalogue_HasExactlyTheSeedTablesFourteenActions()
    {
        string[] seed =
        [
            "finish", "show_conflict", "show_on_hold", "wait_for_screening", "resume_after_screening", "wait_for_confirmation",
            "wait_for_on_hold", "alt_payment", "wait_for_id_verification", "show_identification_form", "require_payment",
            "require_validate_otp", "show_error", "reject",
        ];
        Assert.Equal(seed.Order(StringComparer.Ordinal), CheckoutActions.Fields.Keys.Order(StringComparer.Ordinal));
        // Every action is exercised by at least one accepted case below.
        Assert.All(seed, action => Assert.Contains(Accepted.Values, c => c.Expected.StartsWith("{\"action\":\"" + action + "\"", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public async Task SetAction_EachActionOfTheTable_WaitAnswersExactlyThatActionsJson(string caseName)
    {
        var accepted = Accepted[caseName];
        var uuid = await CreateCheckoutAsync();

        using var set = await SetActionAsync(uuid, accepted.Request);
        var setText = await set.Content.ReadAsStringAsync();
        Assert.True((int)set.StatusCode == 200, $"Setting {accepted.Request} answered {(int)set.StatusCode}: {setText}");

        var wait = await WaitAsync(uuid);
        Assert.Equal(200, wait.Status);
        Assert.Equal(accepted.Expected, wait.Body);
        Assert.Equal("application/json", wait.ContentType);
        // The action a checkout is created with, set again, is a move made already: nothing is written.
        Assert.Equal(accepted.Expected == """{"action":"show_identification_form"}""" ? 0 : 1, Server.CountRows("events"));
    }

    [Fact]
    public async Task Wait_WaitForScreening_ExpiresInIsWholeSecondsLeftAtAnswerTime()
    {
        var uuid = await CreateCheckoutAsync();
        await SetOkAsync(uuid, """{"action":"wait_for_screening","expires_in":120}""");
        Assert.Equal("""{"action":"wait_for_screening","expires_in":120}""", (await WaitAsync(uuid)).Body);

        Server.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("""{"action":"wait_for_screening","expires_in":90}""", (await WaitAsync(uuid)).Body);

        // Whole seconds left, rounded down: 89.5 s left answers 89.
        Server.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal("""{"action":"wait_for_screening","expires_in":89}""", (await WaitAsync(uuid)).Body);

        // Counting down is not a change: still the version set by the processor.
        Assert.Equal("\"2\"", (await WaitAsync(uuid)).ETag);
    }

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public async Task SetAction_RefusedBody_Answers400NamingFieldAndChangesNothing(string caseName)
    {
        var bad = Refused[caseName];
        var uuid = await CreateCheckoutAsync();
        await SetOkAsync(uuid, IdVerification);
        var before = await WaitAsync(uuid);
        var events = Server.CountRows("events");

        using var response = await SetActionAsync(uuid, bad.Body);

        await AssertProblemAsync(response, 400, bad.Code, bad.Field);
        var after = await WaitAsync(uuid);
        Assert.Equal(IdVerification, after.Body);
        Assert.Equal(before.Body, after.Body);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(events, Server.CountRows("events"));
    }

    // A huge expires_in would put the deadline past DateTimeOffset.MaxValue: refused as out of range.
    [Fact]
    public async Task SetAction_ExpiresInPastEndOfTime_Answers400AndChangesNothing()
    {
        var uuid = await CreateCheckoutAsync();
        await SetOkAsync(uuid, IdVerification);
        var events = Server.CountRows("events");

        using var response = await SetActionAsync(uuid, """{"action":"wait_for_screening","expires_in":9223372036854775807}""");

        await AssertProblemAsync(response, 400, "invalid_request", "expires_in");
        Assert.Equal(IdVerification, (await WaitAsync(uuid)).Body);
        Assert.Equal(events, Server.CountRows("events"));
    }

    [Fact]
    public async Task SetAction_WithoutProcessorToken_Answers401AndChangesNothing()
    {
        var uuid = await CreateCheckoutAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUri, $"processor/v1/checkout/{uuid}/action"))
        {
            Content = new StringContent("""{"action":"reject"}""", System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await Server.Http.SendAsync(request);

        await AssertProblemAsync(response, 401, "missing_credentials", null);
        Assert.Equal("""{"action":"show_identification_form"}""", (await WaitAsync(uuid)).Body);
        Assert.Equal(0, Server.CountRows("events"));
    }
}

public sealed class CheckoutActionTestsOnSqlite() : CheckoutActionTests(Backend.Sqlite);

public sealed class CheckoutActionTestsOnPostgres() : CheckoutActionTests(Backend.Postgres);
