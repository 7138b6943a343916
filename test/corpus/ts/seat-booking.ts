interface Seat {
  id: string;
  heldBy: string | null;
}

const seats = new Map<string, Seat>();

async function chargeDeposit(userId: string, seatId: string): Promise<void> {
  const res = await fetch('https://payments.internal/deposits', {
    method: 'POST',
    body: JSON.stringify({ userId, seatId }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`deposit failed: ${res.status}`);
}

/** Check-then-act across an await: two buyers can both see the seat free and both get it. */
export async function holdSeat(seatId: string, userId: string): Promise<boolean> {
  const seat = seats.get(seatId);
  if (!seat || seat.heldBy !== null) return false;
  await chargeDeposit(userId, seatId);
  seat.heldBy = userId; // expect: race-condition
  return true;
}

/** Claims the seat before the await, and gives it back if the charge fails. */
export async function holdSeatFixed(seatId: string, userId: string): Promise<boolean> {
  const seat = seats.get(seatId);
  if (!seat || seat.heldBy !== null) return false;
  seat.heldBy = userId;
  try {
    await chargeDeposit(userId, seatId);
    return true;
  } catch (err) {
    seat.heldBy = null;
    throw err;
  }
}
