namespace PayState.Server.Lifecycle;

public static class ObjectKindServices
{
    /// Plugs a kind in: the engine decides its moves and timers, its endpoints are mapped with the server's, and the
    /// dashboard lists it.
    public static IServiceCollection AddObjectKind<TKind>(this IServiceCollection services) where TKind : class, IObjectKind
    {
        services.AddSingleton<TKind>();
        services.AddSingleton<IObjectKind>(sp => sp.GetRequiredService<TKind>());
        return services;
    }

    /// Maps every registered kind's endpoints.
    public static IEndpointRouteBuilder MapObjectKinds(this IEndpointRouteBuilder app)
    {
        foreach (var kind in app.ServiceProvider.GetRequiredService<ObjectKinds>()) kind.MapEndpoints(app);
        return app;
    }
}
