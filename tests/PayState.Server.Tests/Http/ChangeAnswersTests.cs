using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Http;

/// An engine's change result as the API answers it: the object, its refusal as an error, or 404.
public sealed class ChangeAnswersTests
{
    private static readonly PayObject Order = new(
        "o-1", "acquiring_order", "m-1", "t-1", "Pending", 2, "{}", TestServer.ClockStart, TestServer.ClockStart);

    [Fact]
    public void Changed_TheChangedObject() =>
        Assert.Same(Order, new ChangeResult(ChangeStatus.Changed, Order, null, null, false, false).Changed("Order 'o-1'"));

    [Fact]
    public void Refused_TheRefusalAsTheError()
    {
        var result = ChangeResult.Refused(Order, new Refusal(409, "invalid_transition", "Pending cannot become Created."));

        var refusal = Assert.Throws<ApiException>(() => result.Changed("Order 'o-1'"));

        Assert.Equal(409, refusal.StatusCode);
        Assert.Equal("invalid_transition", refusal.Code);
        Assert.Equal("Pending cannot become Created.", refusal.Message);
    }

    [Fact]
    public void NotFound_404NamingWhat()
    {
        var refusal = Assert.Throws<ApiException>(() => ChangeResult.NotFound.Changed("Order 'o-9'"));

        Assert.Equal(404, refusal.StatusCode);
        Assert.Equal("Order 'o-9' was not found.", refusal.Message);
    }
}
