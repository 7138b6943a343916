// @pattern
// id: circuit-breaker
// title: Circuit breaker, with Polly v8
// summary: The circuit-breaker pattern as a Polly v8 pipeline: a classifier decides what counts (timeouts yes, the caller's cancellation and 4xx no), an inner timeout time-boxes every call and so the half-open probe, and an open circuit rejects calls at once with BrokenCircuitException.
// minimum: dotnet 8, csharp 12
// library: Polly.Core 8.9.1, Microsoft.Extensions.TimeProvider.Testing 8.10.0
// prefer-library: production .NET services: the breaker state is shared safely across threads, composes with retry and timeout in one pipeline, reports telemetry, and can be isolated or closed by hand (ManualControl); with HttpClient in a DI app, Microsoft.Extensions.Http.Resilience's standard handler includes one
// prefer-handwritten: you need the stricter contract, which Polly 8.9.1 does not meet in six of its eight items (the unmet lines below say what ran): it opens on a failure ratio over a sampling window, not on N consecutive failures; it records every outcome ShouldHandle rejects, caller cancellations and 4xx included, as a success, which dilutes the ratio and closes a half-open circuit, so a slow call admitted before the circuit opened that succeeds late, or a probe its own caller cancelled, closes it (CircuitStateController.OnUnhandledOutcomeAsync); its timeout cannot time-box a probe that ignores its token. The hand-written template counts consecutive failures, ignores late results by generation, treats the caller's cancellation as neutral and time-boxes the probe whatever it does
// newer: Polly.Core 8.9.1 is the newest 8.x here; Microsoft.Extensions.TimeProvider.Testing (FakeTimeProvider) is used by the self-check only
// apis: Polly.ResiliencePipelineBuilder, Polly.ResiliencePipelineBuilder.AddCircuitBreaker, Polly.ResiliencePipelineBuilder.AddTimeout, Polly.CircuitBreaker.CircuitBreakerStrategyOptions, Polly.CircuitBreaker.CircuitBreakerStateProvider, Polly.CircuitBreaker.BrokenCircuitException, Polly.CircuitBreaker.CircuitState, Polly.Timeout.TimeoutRejectedException, System.Net.Http.HttpRequestException
// pitfalls: Polly v8's breaker opens on a failure ratio over SamplingDuration once MinimumThroughput calls were seen (defaults 10 percent of 100 calls in 30 s), not after N consecutive failures, so a low-traffic dependency may never reach the throughput and never open; the default ShouldHandle counts every exception except OperationCanceledException, so 404s open the circuit while an HttpClient timeout (a TaskCanceledException) does not; a half-open probe with no timeout of its own keeps every other call rejected until it returns, so put a timeout strategy inside the breaker; one pipeline (and so one breaker) per dependency, built once: a pipeline built per call never opens
// rules: missing-timeout, swallowed-error
// unmet: opens-after-threshold: Polly.Core 8.9.1 opens on a failure ratio over SamplingDuration once MinimumThroughput calls were seen, not on N consecutive failures, and a success does not reset the count: with FailureRatio 1.0 and MinimumThroughput 2, its nearest to a threshold of 2, failure, success, failure, failure left the circuit closed (3 of 4 failed); two failures with nothing else in the window open it, and an open circuit rejects without running the call (single-probe, only-probe-closes)
// unmet: classifier-decides: Polly records every outcome ShouldHandle rejects as a success (CircuitStateController.OnUnhandledOutcomeAsync): a rejected error reaches the caller unchanged and never opens the circuit, but it is not neutral: with FailureRatio 1.0 and MinimumThroughput 2, a counted error, three rejected ones (the same ArgumentException object each time) and a second counted error left the circuit closed (2 of 5 failed), where leaving the count unchanged would have opened it
// unmet: timeouts-are-failures: timeouts count (the inner attempt timeout's TimeoutRejectedException, HttpClient's TaskCanceledException, and any cancellation the caller did not ask for: two own CancelAfter timeouts open a fresh breaker, the self-check, step 8), but the caller's own cancellation is not neutral: ShouldHandle rejects it and Polly records it as a success, so five caller cancellations and then two own timeouts left the circuit closed (2 of 7 failed), and so did one caller cancellation between two own timeouts
// unmet: late-outcomes-ignored: a late success while open changes nothing (run: still open), but Polly closes a half-open circuit on any success, the probe's or not: a call admitted while closed that succeeded while another caller's probe was running closed the circuit before the probe answered (the self-check, step 6, asserts it); a late failure after a successful probe left it closed but is counted in the new window (with MinimumThroughput 2, one more failure then opened it)
// unmet: hung-probe-time-boxed: the inner attempt timeout time-boxes a probe only when the probe observes its token (the self-check, step 4: a hung probe awaiting its token ends with TimeoutRejectedException at the attempt timeout and the circuit re-opens); Polly's timeout is cooperative, so a probe that ignores its token was still running 10 s of real time after its 5 s time box had passed on the clock, the circuit half-open and every other call rejected until it returns
// unmet: cancelled-probe-frees-slot: the slot is freed, but not neutrally: the caller's cancellation of the probe is an outcome ShouldHandle rejects, which Polly treats as a success, so it closed the circuit although the dependency never answered (run: closed right after the cancellation, not half-open; the self-check, step 7, asserts it)
// tags: circuit-breaker, resilience, failure-isolation, timeout, library, polly
// @end

using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AsyncExpert.Patterns.CircuitBreaker;

public static class BreakerPipeline
{
    /// <param name="failureRatio">Open when at least this share of the sampled calls failed (0 to 1].</param>
    /// <param name="minimumThroughput">Calls the window must hold before the ratio counts (2 or more).</param>
    /// <param name="samplingDuration">The window the ratio is computed over.</param>
    /// <param name="breakDuration">How long the circuit stays open before one probe is let through.</param>
    /// <param name="attemptTimeout">Time-box of every call, the probe included; a timeout counts as a failure.</param>
    /// <param name="stateProvider">Exposes the circuit state (for health checks and tests).</param>
    /// <param name="isFailure">What counts against the dependency; defaults to <see cref="IsFailureByDefault"/>.</param>
    public static ResiliencePipeline Create(
        double failureRatio,
        int minimumThroughput,
        TimeSpan samplingDuration,
        TimeSpan breakDuration,
        TimeSpan attemptTimeout,
        CircuitBreakerStateProvider? stateProvider = null,
        Func<Exception, bool>? isFailure = null,
        TimeProvider? timeProvider = null)
    {
        Func<Exception, bool> counts = isFailure ?? IsFailureByDefault;
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = failureRatio,
                MinimumThroughput = minimumThroughput,
                SamplingDuration = samplingDuration,
                BreakDuration = breakDuration,
                StateProvider = stateProvider,
                // The breaker is outside the timeout, so Context.CancellationToken is the caller's: its firing is
                // the caller giving up, which says nothing about the dependency.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    null => false,
                    OperationCanceledException when args.Context.CancellationToken.IsCancellationRequested => false,
                    Exception error => counts(error),
                }),
            })
            // Inner timeout: every call, the half-open probe included, ends by this deadline and counts as a failure.
            .AddTimeout(attemptTimeout)
            .Build();
    }

    /// <summary>Timeouts (any cancellation the caller did not ask for), connection failures and 5xx count; 4xx answers and bugs do not.</summary>
    public static bool IsFailureByDefault(Exception error) => error switch
    {
        TimeoutRejectedException => true,
        TaskCanceledException { InnerException: TimeoutException } => true, // HttpClient.Timeout (.NET 5+)
        TimeoutException => true,
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: HttpStatusCode status } => (int)status >= 500,
        // Any other cancellation is one the caller did not ask for (ShouldHandle has already set the caller's own
        // aside): the operation's own timeout, a linked CancelAfter, a dependency giving up. It counts.
        OperationCanceledException => true,
        _ => false,
    };
}

public static class SelfCheck
{
    public static async Task RunAsync()
    {
        FakeTimeProvider clock = new();
        CircuitBreakerStateProvider state = new();
        ResiliencePipeline pipeline = BreakerPipeline.Create(
            failureRatio: 0.5,
            minimumThroughput: 4,
            samplingDuration: TimeSpan.FromSeconds(30),
            breakDuration: TimeSpan.FromSeconds(10),
            attemptTimeout: TimeSpan.FromSeconds(2),
            stateProvider: state,
            timeProvider: clock);

        // 1. Caller cancellations and 4xx answers do not count: many of them leave the circuit closed.
        using CancellationTokenSource gone = new();
        await gone.CancelAsync();
        for (int i = 0; i < 6; i++)
        {
            await CatchAsync(pipeline.ExecuteAsync<int>(token =>
            {
                token.ThrowIfCancellationRequested();
                return ValueTask.FromResult(0);
            }, gone.Token).AsTask());
            await CatchAsync(pipeline.ExecuteAsync<int>(_ => throw new HttpRequestException("not found", null, HttpStatusCode.NotFound), CancellationToken.None).AsTask());
        }
        Check(state.CircuitState == CircuitState.Closed, $"caller cancellations or 404s opened the circuit: {state.CircuitState}");
        // Polly counts every outcome ShouldHandle rejects as a success in the ratio: let the window move on.
        clock.Advance(TimeSpan.FromSeconds(31));

        // 2. Timeouts count: four calls that hang past the attempt timeout open the circuit.
        for (int i = 0; i < 4; i++)
        {
            Task<int> hung = pipeline.ExecuteAsync(async token =>
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
                return 0;
            }, CancellationToken.None).AsTask();
            await Task.Delay(10);
            clock.Advance(TimeSpan.FromSeconds(2));
            Exception? timedOut = await CatchAsync(hung);
            Check(timedOut is TimeoutRejectedException, $"expected TimeoutRejectedException, got {timedOut}");
        }
        Check(state.CircuitState == CircuitState.Open, $"four timeouts in a row did not open the circuit: {state.CircuitState}");

        // 3. Open: calls are rejected at once, without running.
        bool ran = false;
        Exception? rejected = await CatchAsync(pipeline.ExecuteAsync(_ =>
        {
            ran = true;
            return ValueTask.FromResult(1);
        }, CancellationToken.None).AsTask());
        Check(rejected is BrokenCircuitException && !ran, $"open circuit let a call through: {rejected}");

        // 4. After the break, one probe; it hangs, and the inner timeout time-boxes it: the circuit opens again
        //    instead of rejecting forever behind a probe that never returns.
        clock.Advance(TimeSpan.FromSeconds(10));
        Task<int> probe = pipeline.ExecuteAsync(async token =>
        {
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            return 0;
        }, CancellationToken.None).AsTask();
        await Task.Delay(10);
        Check(state.CircuitState == CircuitState.HalfOpen, $"expected half-open during the probe, got {state.CircuitState}");
        Exception? second = await CatchAsync(pipeline.ExecuteAsync(_ => ValueTask.FromResult(2), CancellationToken.None).AsTask());
        Check(second is BrokenCircuitException, $"a second call ran beside the probe: {second}");
        clock.Advance(TimeSpan.FromSeconds(2));
        Check(await CatchAsync(probe) is TimeoutRejectedException, "the hung probe was not time-boxed");
        Check(state.CircuitState == CircuitState.Open, $"a failed probe must reopen the circuit, got {state.CircuitState}");

        // 5. The next probe succeeds and closes the circuit.
        clock.Advance(TimeSpan.FromSeconds(10));
        int answer = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(3), CancellationToken.None);
        Check(answer == 3 && state.CircuitState == CircuitState.Closed, $"successful probe did not close the circuit: {state.CircuitState}");

        // 6. The declared contract gap, checked so that a Polly change is noticed: a call admitted while closed that
        //    succeeds late, while the circuit is half-open, closes it (the hand-written template ignores it).
        TaskCompletionSource slowAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> late = pipeline.ExecuteAsync(async _ =>
        {
            await slowAnswer.Task; // ignores the token: the inner timeout cannot end it
            return 4;
        }, CancellationToken.None).AsTask();
        for (int i = 0; i < 4; i++)
        {
            await CatchAsync(pipeline.ExecuteAsync<int>(_ => throw new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable), CancellationToken.None).AsTask());
        }
        Check(state.CircuitState == CircuitState.Open, $"expected open, got {state.CircuitState}");
        clock.Advance(TimeSpan.FromSeconds(10));
        TaskCompletionSource probeGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> slowProbe = pipeline.ExecuteAsync(async _ =>
        {
            await probeGate.Task;
            return 5;
        }, CancellationToken.None).AsTask();
        await Task.Delay(10);
        slowAnswer.SetResult(); // the late success arrives while the probe is still running
        await late;
        Check(state.CircuitState == CircuitState.Closed, $"Polly's late-success behaviour changed (now {state.CircuitState}): update prefer-handwritten in the header");
        probeGate.SetResult();
        await slowProbe;

        // 7. The second declared gap: a probe its own caller cancels is an unhandled outcome, which Polly treats as
        //    a success, so it closes the circuit although the dependency was never heard from.
        clock.Advance(TimeSpan.FromSeconds(31));
        for (int i = 0; i < 4; i++)
        {
            await CatchAsync(pipeline.ExecuteAsync<int>(_ => throw new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable), CancellationToken.None).AsTask());
        }
        Check(state.CircuitState == CircuitState.Open, $"expected open, got {state.CircuitState}");
        clock.Advance(TimeSpan.FromSeconds(10));
        using CancellationTokenSource impatient = new();
        Task<int> cancelledProbe = pipeline.ExecuteAsync(async token =>
        {
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            return 0;
        }, impatient.Token).AsTask();
        await Task.Delay(10);
        Check(state.CircuitState == CircuitState.HalfOpen, $"expected half-open during the probe, got {state.CircuitState}");
        await impatient.CancelAsync(); // the probe's caller gives up before the dependency answers
        Check(await CatchAsync(cancelledProbe) is OperationCanceledException, "the cancelled probe did not end with OperationCanceledException");
        Check(state.CircuitState == CircuitState.Closed, $"Polly's cancelled-probe behaviour changed (now {state.CircuitState}): update prefer-handwritten in the header");

        // 8. A cancellation the caller did not ask for (the operation's own CancelAfter, as HttpClient.Timeout does)
        //    counts as a failure: two of them open a breaker that opens on two failures in a row.
        CircuitBreakerStateProvider ownState = new();
        ResiliencePipeline strict = BreakerPipeline.Create(1.0, 2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), ownState, timeProvider: clock);
        for (int i = 0; i < 2; i++)
        {
            Task<int> ownTimeout = strict.ExecuteAsync(async token =>
            {
                using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(5), clock);
                using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(token, deadline.Token);
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, linked.Token);
                return 0;
            }, CancellationToken.None).AsTask();
            await Task.Delay(10);
            clock.Advance(TimeSpan.FromSeconds(5));
            Check(await CatchAsync(ownTimeout) is OperationCanceledException, "the operation's own timeout did not reach the caller");
        }
        Check(ownState.CircuitState == CircuitState.Open, $"two own timeouts did not open the circuit: {ownState.CircuitState}");
    }

    private static async Task<Exception?> CatchAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
