/**
 * Every kind of malformed request the fuzz sends, and the case a seed and an index make: case i is of
 * category i mod the number of categories, so each gets its share of any run.
 */
import type { FuzzCase } from './fuzz-case.ts';
import * as http from './http-cases.ts';
import * as infer from './infer-cases.ts';
import { Picker } from './picker.ts';
import * as predict from './predict-cases.ts';

export interface Category {
  readonly name: string;
  readonly generate: (pick: Picker) => FuzzCase;
}

const GENERATORS: readonly ((pick: Picker) => FuzzCase)[] = [
  // Wrong before the body's fields are read.
  http.wrongMethod,
  http.unknownRoute,
  http.unknownModel,
  http.wrongContentType,
  http.invalidJson,
  http.emptyBody,
  http.randomGarbage,
  http.oversizedBody,
  http.bodyAtTheLimit,
  http.deeplyNestedBody,
  // POST /predict and /models/{name}/predict.
  predict.bodyNotAnObject,
  predict.rowsMissingOrMistyped,
  predict.rowNotARow,
  predict.valueNotANumber,
  predict.hugeNumberInRow,
  predict.nonFiniteLiteralInRow,
  predict.valuesOverflowingTheModel,
  predict.rowOfWrongLength,
  predict.objectRowWithWrongNames,
  predict.prototypeKeysInRows,
  predict.tooManyRows,
  predict.deeplyNestedRow,
  predict.longStringInRow,
  // POST /v2/models/{name}/infer.
  infer.inferBodyNotAnObject,
  infer.inputsMistyped,
  infer.tensorFieldWrong,
  infer.dataValueWrong,
  infer.dataCountWrong,
  infer.hugeNumberInData,
  infer.nonFiniteLiteralInData,
  infer.fp32ValueOutOfRange,
  infer.dataOverflowingTheModel,
  infer.optionalFieldWrong,
  infer.unknownInferField,
  infer.tooManyInferRows,
  infer.deeplyNestedData,
  infer.longStringInData,
];

/** In this order (not the modules' export order, which differs between loaders), so an index replays. */
export const CATEGORIES: readonly Category[] = GENERATORS.map((generate) => ({
  name: generate.name,
  generate,
}));

/** Case `index` of the run seeded `seed`, with the name of its category. */
export function fuzzCase(seed: number, index: number): FuzzCase & { readonly category: string } {
  const category = CATEGORIES[index % CATEGORIES.length]!;
  return { category: category.name, ...category.generate(Picker.forCase(seed, index)) };
}
