using PayState.SampleShop;

var app = ShopApp.Build(args);
await ShopDatabase.EnsureCreatedAsync(app.Configuration);
await app.RunAsync();
