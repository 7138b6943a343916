import { cs, csRuleTable } from '../helpers.js';

csRuleTable('swallowed-error', {
  valid: [
    { name: 'logged, rethrown, specific, filtered', code: cs`
      class C {
          async Task M(ILogger log) {
              try { await Task.Delay(1); } catch (Exception ex) { log.LogError(ex, "failed"); }
              try { await Task.Delay(1); } catch (Exception) { throw; }
              try { await Task.Delay(1); } catch (OperationCanceledException) { }
              try { await Task.Delay(1); } catch (Exception ex) when (ex is TimeoutException) { }
          }
      }` },
    { name: 'failure recorded or wrapped', code: cs`
      class C {
          bool M() {
              var ok = true;
              try { Work(); } catch (Exception) { ok = false; }
              try { Work(); } catch { throw new InvalidOperationException("work failed"); }
              return ok;
          }
          void Work() { }
      }` },
  ],
  invalid: [
    { name: 'empty catch-alls', code: cs`
      class C {
          async Task M() {
              try { await Task.Delay(1); } catch (Exception) { }
              try { await Task.Delay(1); }
              catch { }
          }
      }`, lines: [3, 5] },
    { name: 'returning a default or continuing', code: cs`
      class C {
          async Task<string?> M(HttpClient http, List<string> urls) {
              foreach (var u in urls) {
                  try { return await http.GetStringAsync(u); } catch (Exception) { continue; }
              }
              try { return await http.GetStringAsync("x"); } catch (System.Exception e) { return null; }
          }
      }`, lines: [4, 6] },
  ],
});
