using Sluice.Engine.Api;

namespace Sluice.Engine.Tests.Api;

/// <summary>One server with an 8 KiB body limit shared by the tests of a class.</summary>
public sealed class SmallBodyServerFixture : IAsyncLifetime
{
    internal ServerHarness Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerHarness.StartAsync(new ServeOptions { MaxBodyBytes = 8192 });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
