namespace PayState.Server.Http;

/// Turns ApiException, and anything unexpected, into an error answer in the path's envelope; also gives
/// bodyless framework answers (404 for an unknown path, 405) a body that says what went wrong. What it logs is
/// bounded (RequestLogBudget): a flood of failing requests writes a few lines a minute, not one each.
public sealed class ApiErrorMiddleware(RequestDelegate next, Metrics.PayStateMetrics metrics, RequestLogBudget budget, ILogger<ApiErrorMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
            if (!context.Response.HasStarted && context.Response.StatusCode is 404 or 405 && context.Response.ContentLength is null)
            {
                var (code, message) = context.Response.StatusCode == 404
                    ? ("not_found", $"No resource at {context.Request.Path}.")
                    : ("method_not_allowed", $"{context.Request.Method} is not allowed on {context.Request.Path}.");
                await ApiErrorWriter.WriteAsync(context, context.Response.StatusCode, code, message).ConfigureAwait(false);
            }
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await ApiErrorWriter.WriteAsync(context, e.StatusCode, e.Code, e.Message, e.Field).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await ApiErrorWriter.WriteAsync(context, e.StatusCode, e.StatusCode == 413 ? "payload_too_large" : "bad_request", e.Message).ConfigureAwait(false);
        }
        catch (Storage.CommitOutcomeUnknownException e) when (!context.Response.HasStarted)
        {
            // Never a bug and never a plain outage: the one answer that must not claim either outcome.
            log.LogWarning("Commit outcome unknown on {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, e.Message);
            metrics.DatabaseUnavailable();
            context.Response.Headers.RetryAfter = "1";
            await ApiErrorWriter.WriteAsync(context, 503, "commit_outcome_unknown",
                "The database connection was lost while this change was being committed, and whether it was committed could not be found out. " +
                "Read the object to see, or send the same request again: a processor move, and a create with its Idempotency-Key, are safe to resend.")
                .ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && Storage.StoreFailure.IsUnavailable(e))
        {
            if (budget.TryTake(out var leftOut))
                log.LogWarning("Database unavailable on {Method} {Path}: {Error} ({LeftOut} such lines left out before this one)", context.Request.Method, context.Request.Path, e.Message, leftOut);
            metrics.DatabaseUnavailable();
            context.Response.Headers.RetryAfter = "1";
            await ApiErrorWriter.WriteAsync(context, 503, "database_unavailable", "The database cannot be reached. Try again shortly.").ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            if (budget.TryTake(out var leftOut))
                log.LogError(e, "Unhandled error on {Method} {Path} ({LeftOut} such lines left out before this one)", context.Request.Method, context.Request.Path, leftOut);
            await ApiErrorWriter.WriteAsync(context, 500, "internal_error", "The server failed to handle the request.").ConfigureAwait(false);
        }
    }
}
