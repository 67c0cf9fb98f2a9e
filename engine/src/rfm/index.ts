export { computeRfm, dayToIso, type RfmTable } from './compute-rfm.ts';
export { scoreRfm, rfmCode, DEFAULT_SCORE_OPTIONS, type ScoreMethod, type ScoreOptions, type RfmScores } from './scores.ts';
