/** The worker side of `gradlens grade`: grades the submissions it is sent, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { gradeSubmission } from '../report/grade.js';
import type { GradeReply, GradeRequest, GradeWorkerData } from './grade.js';
import { pathsNeedPython, preparePython } from '../code/lang/python/runtime.js';

export function isGradeWorker(data: unknown): data is GradeWorkerData {
  return typeof data === 'object' && data !== null && (data as GradeWorkerData).gradlensGrade === true;
}

export function startGradeWorker(): void {
  const { options } = workerData as GradeWorkerData;
  parentPort!.on('message', ({ index, path }: GradeRequest) => {
    // A hand-in with Python files or notebooks needs the Python parser, loaded once per worker.
    const ready = pathsNeedPython([path]) ? preparePython().catch(() => undefined) : Promise.resolve();
    void ready.then(() => grade(index, path));
  });
  const grade = (index: number, path: string): void => {
    let reply: GradeReply;
    try {
      reply = { index, result: gradeSubmission(path, options) };
    } catch (e) {
      reply = { index, error: (e as Error)?.message ?? String(e) };
    }
    parentPort!.postMessage(reply);
  };
}
