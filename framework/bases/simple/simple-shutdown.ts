import type { RunLoop } from './run-loop.js';
import type { SimpleCell } from './simple-cell.js';

/**
 * Spec 6.3: an ActorExitRequest to every top-level actor (children hear it from their
 * parents), in rounds while async handlers finish; whatever is left is torn down.
 */
export async function stopEveryCell(
  cells: Map<string, SimpleCell>,
  loop: RunLoop,
  askToExit: (cell: SimpleCell) => void,
  tearDown: (cell: SimpleCell) => void,
): Promise<void> {
  for (let round = 0; round < 50 && cells.size > 0; round++) {
    for (const cell of cells.values()) {
      if (cell.state !== 'dead' && (!cell.parent || cell.parent.state === 'dead')) askToExit(cell);
    }
    loop.drain();
    const until = performance.now() + 2000;
    while (loop.busy && performance.now() < until) {
      await loop.progress(until - performance.now());
      loop.drain();
    }
    if (loop.busy) break;
  }
  for (const cell of [...cells.values()]) tearDown(cell);
}
