// The logic of every exercise, assembled from the lessons' modules (lessons/), with the helpers other files use.
// A check is a pure function of what the Simulation exposes (CheckInput): the learner never clicks "done".
import { LESSONS_02_04 } from './lessons/02-04';
import { LESSONS_05_07 } from './lessons/05-07';
import { LESSONS_08_09 } from './lessons/08-09';
import { EXERCISE_IDS, type ExerciseId, type ExerciseLogic } from './types';

export { followersNow, leaderNow } from './helpers';

/** Every exercise, in the order of EXERCISE_IDS. */
const all: ExerciseLogic[] = [...LESSONS_02_04, ...LESSONS_05_07, ...LESSONS_08_09].sort(
  (a, b) => EXERCISE_IDS.indexOf(a.id) - EXERCISE_IDS.indexOf(b.id),
);

export const EXERCISES: Record<ExerciseId, ExerciseLogic> = Object.fromEntries(all.map((e) => [e.id, e])) as Record<
  ExerciseId,
  ExerciseLogic
>;
