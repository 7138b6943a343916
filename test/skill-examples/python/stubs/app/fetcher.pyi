# The function under test in SKILL.md's TDD example: declared, not implemented (the example is the test that
# drives its implementation). It takes its fetch dependency as a keyword argument, as the example says.
from collections.abc import Awaitable, Callable

async def fetch_all(
    user_ids: list[int], *, fetch: Callable[[int], Awaitable[dict[str, int]]]
) -> tuple[list[dict[str, int]], list[BaseException]]: ...
