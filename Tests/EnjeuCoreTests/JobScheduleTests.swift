import Testing
@testable import EnjeuCore

@Suite struct JobScheduleTests {
    @Test func backoffDoublesWithJitterAndStopsAtTheCap() {
        let p = RetryPolicy(base: 2, cap: 60)
        #expect(p.delay(afterAttempt: 1, jitter: 0.5) == 2)
        #expect(p.delay(afterAttempt: 3, jitter: 0.5) == 8)
        #expect(abs(p.delay(afterAttempt: 3, jitter: 0) - 6.4) < 1e-9)
        #expect(abs(p.delay(afterAttempt: 3, jitter: 1) - 9.6) < 1e-9)
        #expect(p.delay(afterAttempt: 50, jitter: 0.5) == 60)
        #expect(p.delay(afterAttempt: 0, jitter: 0.5) == 2)
    }

    @Test func instancesAgreeOnTicksWithoutTalking() {
        #expect(Schedule.tick(at: 119.9, every: 60) == 1)
        #expect(Schedule.tick(at: 120, every: 60) == 2)
        #expect(Schedule.start(ofTick: 2, every: 60) == 120)
        #expect(Schedule.tick(at: 1_790_000_000.25, every: 0.5) == 3_580_000_000)
    }
}
