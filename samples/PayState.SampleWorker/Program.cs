using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PayState.Client.Reconciliation;
using PayState.Client.Webhooks;
using PayState.SampleWorker;

var builder = Host.CreateApplicationBuilder(args);
var db = $"Data Source={builder.Configuration["Worker:Database"] ?? "worker.db"}";

builder.Services.AddPayStateClient(builder.Configuration.GetSection("PayState"));
builder.Services.AddSingleton<IWebhookStateStore>(new SqlWebhookStateStore(() => new SqliteConnection(db)));
builder.Services.AddSingleton<ICursorStore>(new SqlCursorStore(() => new SqliteConnection(db)));
builder.Services.AddScoped<IPayStateWebhookHandler, PaidOrdersLog>();
builder.Services.AddPayStateReconciler(o => o.Interval = TimeSpan.FromSeconds(10));

await builder.Build().RunAsync();
