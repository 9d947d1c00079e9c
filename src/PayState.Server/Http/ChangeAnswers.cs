using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Http;

public static class ChangeAnswers
{
    /// The changed object, or the refusal (or 404) as the API's error.
    public static PayObject Changed(this ChangeResult result, string what) => result.Status switch
    {
        ChangeStatus.Changed => result.Object!,
        ChangeStatus.Refused => throw new ApiException(result.Refusal!.StatusCode, result.Refusal.Code, result.Refusal.Message),
        _ => throw ApiException.NotFound(what),
    };
}
