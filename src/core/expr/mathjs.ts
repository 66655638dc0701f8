/**
 * The one mathjs instance GradLens uses. mathjs's main entry builds all of its several hundred
 * typed functions when it is loaded (about 150 ms at every start-up); an instance made with
 * `create(all)` builds each function the first time it is used, so a run pays only for parse, the
 * node classes and simplify, and only when it needs them. Every value GradLens takes from mathjs
 * comes from here: nodes from two instances would be of different classes.
 *
 * Physical units are left out: GradLens's vocabulary has none, and the first symbol node would
 * otherwise build mathjs's unit tables (about 30 ms). Only unit(), createUnit and the physical
 * constants need them.
 */
import { all, create } from 'mathjs';

const { createUnitClass: _units, ...factories } = all;

export const mathjs = create(factories as typeof all);
