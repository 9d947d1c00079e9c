using System.Data.Common;
using System.Net.Sockets;
using System.Security.Cryptography;
using PayState.Server.Shared;
using PayState.Server.Storage;

namespace PayState.Server.Hosting;

/// The server process from start to exit: what goes wrong in the configuration (a setting, a port in use, a database
/// that cannot be opened) is one line and exit code 1, never a stack trace; the last line says the server stopped.
public static class ServerRun
{
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        WebApplication app;
        try
        {
            app = PayStateHost.Build(args);
        }
        catch (ConfigurationException e)
        {
            return await FailAsync(error, e.Message).ConfigureAwait(false);
        }
        await using (app.ConfigureAwait(false))
        {
            var options = app.Services.GetRequiredService<PayStateOptions>();
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServerRun).FullName!);
            try
            {
                await app.Services.GetRequiredService<StartupTasks>().PrepareAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (ConfigurationException e)
            {
                return await FailAsync(error, e.Message).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DbException or SocketException || StoreFailure.IsUnavailable(e))
            {
                return await FailAsync(error, $"cannot use the database {options.DatabaseForDisplay}: {e.Message} (PAYSTATE_DB).").ConfigureAwait(false);
            }
            catch (Exception e) when (options.ServesHttps && e is InvalidOperationException or IOException or CryptographicException)
            {
                return await FailAsync(error, $"cannot serve HTTPS on {options.Urls}: {e.Message} (put a certificate in Kestrel__Certificates__Default__Path " +
                    "and __Password, or an http:// address in PAYSTATE_URLS).").ConfigureAwait(false);
            }
            catch (IOException e)
            {
                return await FailAsync(error, $"cannot listen on {options.Urls}: {e.Message} (PAYSTATE_URLS).").ConfigureAwait(false);
            }
            log.LogInformation("PayState ready on {Urls} ({Mode} mode, database {Database})", options.Urls, options.Sandbox ? "sandbox" : "production",
                options.DatabaseForDisplay);
            await app.WaitForShutdownAsync().ConfigureAwait(false);
            log.LogInformation("PayState on {Urls} stopped.", options.Urls);
        }
        return 0;
    }

    private static async Task<int> FailAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return 1;
    }
}
