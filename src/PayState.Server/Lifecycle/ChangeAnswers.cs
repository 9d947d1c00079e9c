using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Lifecycle;

public static class ChangeAnswers
{
    /// The changed object (or, for a move made before, the object as it is now), or the refusal (or 404) as the
    /// API's error.
    public static PayObject Changed(this ChangeResult result, string what) => result.Status switch
    {
        ChangeStatus.Changed or ChangeStatus.AlreadyDone => result.Object!,
        ChangeStatus.Refused => throw new ApiException(result.Refusal!.StatusCode, result.Refusal.Code, result.Refusal.Message),
        _ => throw ApiException.NotFound(what),
    };
}
