using System.Diagnostics;
using System.Threading.Channels;

namespace Sluice.Engine.Engine;

/// <summary>
/// Runs <see cref="InferenceEngine.Step"/> on a dedicated thread. Other threads talk to the engine only
/// through a command channel (add, abort, fail-all) and read request progress from each request's own
/// channel; published snapshots (<see cref="Gauges"/>, <see cref="LastProgressTimestamp"/>) are safe to read anywhere.
/// </summary>
public sealed class EngineLoop : IDisposable
{
    private readonly InferenceEngine _engine;
    private readonly LiveConfig _config;
    private readonly Channel<Action<InferenceEngine>> _commands = Channel.CreateUnbounded<Action<InferenceEngine>>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private EngineGaugeSnapshot _gauges;
    private int _numPendingAdds;
    private long _lastProgressTimestamp = Stopwatch.GetTimestamp();
    private volatile bool _hasWork;
    private volatile bool _stopped;
    private int _stopRequested;

    public EngineLoop(InferenceEngine engine, LiveConfig config)
    {
        _engine = engine;
        _config = config;
        _gauges = Snapshot();
        _thread = new Thread(Run) { IsBackground = true, Name = "sluice-engine-loop" };
    }

    /// <summary>Latest published gauges.</summary>
    public EngineGaugeSnapshot Gauges => Volatile.Read(ref _gauges);

    /// <summary>Stopwatch timestamp of the latest step that computed something, or of the latest idle check.</summary>
    public long LastProgressTimestamp => Interlocked.Read(ref _lastProgressTimestamp);

    /// <summary>True while the engine holds requests (or has unprocessed submissions).</summary>
    public bool HasWork => _hasWork || Volatile.Read(ref _numPendingAdds) > 0;

    /// <summary>True while the loop thread runs.</summary>
    public bool IsAlive => _thread.IsAlive && !_stopped;

    /// <summary>Sequences waiting in the engine plus submissions it has not picked up yet.</summary>
    public int NumQueued => Gauges.NumWaiting + Volatile.Read(ref _numPendingAdds);

    public void Start() => _thread.Start();

    /// <summary>Hands <paramref name="request"/> to the engine; progress appears on <see cref="EngineRequest.Outputs"/>.</summary>
    public void Submit(EngineRequest request)
    {
        Interlocked.Increment(ref _numPendingAdds);
        var posted = _commands.Writer.TryWrite(engine =>
        {
            Interlocked.Decrement(ref _numPendingAdds);
            try
            {
                engine.AddRequest(request);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                request.OutputWriter.TryWrite(new RequestOutput([], true, request.PromptTokenIds.Length, 0, "the engine refused the request: " + ex.Message));
                request.OutputWriter.TryComplete();
            }
        });
        if (!posted)
        {
            Interlocked.Decrement(ref _numPendingAdds);
            throw new InvalidOperationException("the engine loop has stopped");
        }
    }

    /// <summary>
    /// Aborts <paramref name="request"/> at the engine's next iteration; its blocks are freed then. After the loop
    /// stopped this is a no-op: stopping already failed every request.
    /// </summary>
    public void Abort(EngineRequest request) => _commands.Writer.TryWrite(engine => engine.Abort(request));

    /// <summary>Ends <paramref name="request"/> with finish reason timeout at the engine's next iteration (see <see cref="InferenceEngine.Expire"/>).</summary>
    public void Expire(EngineRequest request) => _commands.Writer.TryWrite(engine => engine.Expire(request));

    /// <summary>Ends <paramref name="request"/> at the engine's next iteration if it was never scheduled (see <see cref="InferenceEngine.ExpireQueued"/>).</summary>
    public void ExpireQueued(EngineRequest request) => _commands.Writer.TryWrite(engine => engine.ExpireQueued(request));

    /// <summary>Stops the loop; requests still in the engine fail with <paramref name="reason"/>.</summary>
    public void Stop(string reason)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 1)
        {
            return;
        }

        _commands.Writer.TryWrite(engine => engine.FailAll(reason));
        _commands.Writer.TryComplete();
        _stop.Cancel();
        if (_thread.IsAlive && Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(30));
        }

        _stopped = true;
    }

    public void Dispose()
    {
        Stop("the server is shutting down");
        _stop.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            while (_commands.Reader.TryRead(out var command))
            {
                command(_engine);
            }

            if (!_hasWork && _engine.HasWork)
            {
                // Work arrived while idle: the stall clock starts now, not at the last idle check.
                Interlocked.Exchange(ref _lastProgressTimestamp, Stopwatch.GetTimestamp());
                _hasWork = true;
            }

            if (_stop.IsCancellationRequested)
            {
                Publish();
                return;
            }

            if (!_engine.HasWork)
            {
                Publish();
                try
                {
                    if (!_commands.Reader.WaitToReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
                    {
                        continue;
                    }
                }
                catch (OperationCanceledException)
                {
                    continue;
                }

                continue;
            }

            try
            {
                _engine.Step();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _engine.FailAll("the engine failed: " + ex.Message);
            }

            Publish();
        }
    }

    /// <summary>Publishes gauges and marks progress; called after every step and whenever the loop goes idle.</summary>
    private void Publish()
    {
        Volatile.Write(ref _gauges, Snapshot());
        _hasWork = _engine.HasWork;
        Interlocked.Exchange(ref _lastProgressTimestamp, Stopwatch.GetTimestamp());
    }

    private EngineGaugeSnapshot Snapshot()
    {
        var config = _config.Current;
        var blocks = _engine.Blocks;
        return new EngineGaugeSnapshot(
            _engine.Scheduler.NumRunning,
            _engine.Scheduler.NumWaiting,
            blocks.UsageRatio,
            _engine.LastBatchSize,
            config.MaxBatchSize,
            config.MaxRequestRate,
            config.MaxBatchedTokens,
            blocks.PrefixCacheQueriedTokens,
            blocks.PrefixCacheHitTokens,
            (long)blocks.NumBlocks * blocks.BlockSize,
            config.SloTtftSeconds,
            config.SloTpotSeconds);
    }
}
