import { describe, expect, it } from 'vitest';
import { cbsEndCode, isDropout, JZ588_TO_CBS } from '../../server/src/modules/outcome/jz588.js';
import type { GoalRealisation } from '../../server/src/modules/outcome/outcome.types.js';
import {
  assertTariffCeiling,
  effortAmount,
  goalShare,
  outputAmount,
  percentagePaid,
} from '../../server/src/modules/settlement/settlement.rules.js';

const [ACHIEVED, PARTLY_ACHIEVED, NOT_ACHIEVED] = ['ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED'] as GoalRealisation[];

describe('JZ588 → CBS end codes (domain.md)', () => {
  it.each([
    ['31', '01', false],
    ['34', '02', false],
    ['32', '03', true],
    ['33', '04', false],
    ['35', '05', false],
    ['02', '05', false],
    ['39', '01', false],
  ])('JZ588 %s is CBS %s, dropout %s', (jz588, cbs, dropout) => {
    expect(cbsEndCode(jz588)).toBe(cbs);
    expect(isDropout(jz588)).toBe(dropout);
  });

  it('only a one-sided early ending by the client is dropout', () => {
    expect(Object.keys(JZ588_TO_CBS).filter(isDropout)).toEqual(['32']);
  });

  it('refuses codes that are not a JZ588 reason for ending, and 20 (a temporary interruption)', () => {
    for (const code of ['20', '01', '99', '3', '']) expect(cbsEndCode(code)).toBeUndefined();
  });
});

describe('bonus-malus and the tariff ceiling', () => {
  const tiers = [
    { minGoalShare: 0, percentagePaid: 60 },
    { minGoalShare: 0.25, percentagePaid: 75 },
    { minGoalShare: 0.5, percentagePaid: 90 },
    { minGoalShare: 0.75, percentagePaid: 100 },
  ];

  it('counts a partly achieved goal as half', () => {
    expect(goalShare([ACHIEVED, PARTLY_ACHIEVED, NOT_ACHIEVED, NOT_ACHIEVED])).toBe(0.375);
    expect(goalShare([ACHIEVED, ACHIEVED, PARTLY_ACHIEVED])).toBe(0.833);
    expect(goalShare([])).toBe(1);
  });

  it('pays the percentage of the highest tier reached', () => {
    expect(percentagePaid(tiers, 0)).toBe(60);
    expect(percentagePaid(tiers, 0.24)).toBe(60);
    expect(percentagePaid(tiers, 0.25)).toBe(75);
    expect(percentagePaid(tiers, 0.375)).toBe(75);
    expect(percentagePaid(tiers, 0.75)).toBe(100);
    expect(percentagePaid(tiers, 1)).toBe(100);
  });

  it('rounds the OUTPUT amount down to whole cents and never pays above the tariff', () => {
    expect(outputAmount(313_200, 75)).toBe(234_900);
    expect(outputAmount(100_001, 90)).toBe(90_000);
    expect(outputAmount(313_200, 100)).toBe(313_200);
    expect(() => outputAmount(313_200, 101)).toThrow(
      expect.objectContaining({ code: 'RULE_VIOLATION', rule: 'TARIFF_CEILING' }),
    );
    expect(() => assertTariffCeiling(313_201, 313_200)).toThrow(/never paid more than its tariff/);
  });

  it('pays PxQ as units × price', () => {
    expect(
      effortAmount([
        { quantity: 12, priceCents: 11_250 },
        { quantity: 3, priceCents: 5_520 },
      ]),
    ).toBe(151_560);
    expect(effortAmount([])).toBe(0);
  });
});
