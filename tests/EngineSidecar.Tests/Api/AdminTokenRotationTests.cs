using System.Net;
using System.Net.Http.Headers;
using Sluice.Engine.Api;

namespace Sluice.Engine.Tests.Api;

/// <summary>The admin token file is re-read when it changes, so a rotated Secret locks out the old token and admits the new one.</summary>
public sealed class AdminTokenRotationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-admin-token-").FullName;

    [Fact]
    public async Task A_secret_volume_swapped_by_the_kubelet_takes_effect_on_the_next_admin_call()
    {
        // The kubelet's layout: token -> ..data/token, ..data -> ..<timestamp>/; an update writes a new timestamped
        // directory and repoints ..data.
        var first = WriteVersion("..2026_12_03_07_00_00.1", "token-one-0000", DateTime.UtcNow.AddMinutes(-5));
        Directory.CreateSymbolicLink(Path.Combine(_dir, "..data"), first);
        var tokenPath = Path.Combine(_dir, "token");
        File.CreateSymbolicLink(tokenPath, Path.Combine("..data", "token"));
        await using var server = await ServerHarness.StartAsync(new ServeOptions { AdminTokenFile = tokenPath });
        (await GetConfig(server, "token-one-0000")).Should().Be(HttpStatusCode.OK);

        var second = WriteVersion("..2026_12_03_07_05_00.2", "token-two-0000", DateTime.UtcNow);
        File.Delete(Path.Combine(_dir, "..data"));
        Directory.CreateSymbolicLink(Path.Combine(_dir, "..data"), second);
        Directory.Delete(first, recursive: true);

        (await GetConfig(server, "token-one-0000")).Should().Be(HttpStatusCode.Unauthorized);
        (await GetConfig(server, "token-two-0000")).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_rewritten_token_file_replaces_the_old_token_and_a_vanished_one_keeps_it()
    {
        var tokenPath = Path.Combine(_dir, "token");
        File.WriteAllText(tokenPath, "old-token\n");
        File.SetLastWriteTimeUtc(tokenPath, DateTime.UtcNow.AddMinutes(-1));
        await using var server = await ServerHarness.StartAsync(new ServeOptions { AdminTokenFile = tokenPath });
        (await GetConfig(server, "old-token")).Should().Be(HttpStatusCode.OK);

        File.WriteAllText(tokenPath, "new-token\n");
        File.SetLastWriteTimeUtc(tokenPath, DateTime.UtcNow);

        (await GetConfig(server, "old-token")).Should().Be(HttpStatusCode.Unauthorized);
        (await GetConfig(server, "new-token")).Should().Be(HttpStatusCode.OK);

        // A deleted Secret leaves the mounted file in place on a real node; a missing or empty file keeps the last token.
        File.WriteAllText(tokenPath, "");
        (await GetConfig(server, "new-token")).Should().Be(HttpStatusCode.OK);
        File.Delete(tokenPath);
        (await GetConfig(server, "new-token")).Should().Be(HttpStatusCode.OK);
        (await GetConfig(server, "old-token")).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void A_missing_or_empty_token_file_is_an_error_at_start()
    {
        var missing = Path.Combine(_dir, "absent");
        var empty = Path.Combine(_dir, "empty");
        File.WriteAllText(empty, " \n");

        FluentActions.Invoking(() => AdminTokenSource.FromFile(missing)).Should().Throw<ArgumentException>().WithMessage("*does not exist*");
        FluentActions.Invoking(() => AdminTokenSource.FromFile(empty)).Should().Throw<ArgumentException>().WithMessage("*is empty*");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteVersion(string name, string token, DateTime writtenUtc)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        var file = Path.Combine(dir, "token");
        File.WriteAllText(file, token);
        File.SetLastWriteTimeUtc(file, writtenUtc);
        return dir;
    }

    private static async Task<HttpStatusCode> GetConfig(ServerHarness server, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/config");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await server.Http.SendAsync(request);
        return response.StatusCode;
    }
}
