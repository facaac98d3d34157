using Sluice.Bench.Running;
using Sluice.Bench.Spec;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>The load generator's two modes on a <see cref="SimulatedClient"/>, on the simulation's clock (as LoadRunner sends them).</summary>
internal static class SimulatedLoads
{
    /// <summary>
    /// Open loop: Poisson arrivals at <paramref name="ratePerSecond"/> drawn from <paramref name="seed"/> (the bench library's
    /// <see cref="ArrivalSchedule"/>), the first at <paramref name="fromSeconds"/>, none at or after <paramref name="toSeconds"/>;
    /// request indexes start at <paramref name="firstIndex"/>.
    /// </summary>
    public static void Poisson(Simulation simulation, SimulatedClient client, double ratePerSecond, int seed, double fromSeconds, double toSeconds, int firstIndex = 0)
    {
        var schedule = new ArrivalSchedule(ArrivalProcess.Poisson, ratePerSecond, seed);
        var index = firstIndex;
        for (var at = fromSeconds + schedule.NextOffsetSeconds(); at < toSeconds; at = fromSeconds + schedule.NextOffsetSeconds())
        {
            var i = index++;
            simulation.At(at, () => client.Send(i));
        }
    }

    /// <summary>
    /// Closed loop: <paramref name="users"/> users from <paramref name="fromSeconds"/>, each sending its next request when the
    /// last one ended, before <paramref name="toSeconds"/>; a user refused with 429 first waits the Retry-After it was sent. Returns
    /// a function that is true while a user still has to send or wait.
    /// </summary>
    public static Func<bool> ClosedLoop(Simulation simulation, SimulatedClient client, int users, double fromSeconds, double toSeconds)
    {
        var nextIndex = 0;
        var active = users;

        void Next()
        {
            if (simulation.NowSeconds >= toSeconds)
            {
                active--;
                return;
            }

            client.Send(nextIndex++, record =>
            {
                if (record.RetryAfterSeconds is { } wait)
                {
                    simulation.At(Math.Min(toSeconds, simulation.NowSeconds + wait), Next);
                }
                else
                {
                    Next();
                }
            });
        }

        for (var user = 0; user < users; user++)
        {
            simulation.At(fromSeconds, Next);
        }

        return () => active > 0;
    }
}
