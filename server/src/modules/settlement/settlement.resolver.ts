import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth/roles.js';
import { required } from '../../core/graphql/loaders.js';
import { DateScalar } from '../../core/graphql/scalars.js';
import type { Context } from '../../context.js';
import { Consortium } from '../consortium/consortium.entity.js';
import { Area } from '../municipality/municipality.entity.js';
import { Provider } from '../provider/provider.entity.js';
import { Subcontract } from '../subcontract/subcontract.entity.js';
import { Trajectory, type TrajectoryRow } from '../trajectory/trajectory.types.js';
import {
  AllocateBudgetInput,
  MarkPayoutPaidInput,
  RegisterDeliveredUnitsInput,
  SetPaymentRuleInput,
  SetPopulationBudgetInput,
  SetProductPriceInput,
} from './settlement.inputs.js';
import {
  BudgetAllocation,
  DeliveredUnits,
  PaymentRule,
  PopulationBudget,
  ProductPrice,
  Settlement,
  SubcontractPayout,
  type BudgetRow,
  type DeliveredUnitsRow,
  type PaymentRuleRow,
  type ProductPriceRow,
  type SettlementRow,
  type SubcontractPayoutRow,
} from './settlement.types.js';

@Resolver(() => Settlement)
export class SettlementResolver {
  @Authorized()
  @Query(() => [ProductPrice], { description: 'The PxQ price list' })
  productPrices(@Ctx() ctx: Context): Promise<ProductPriceRow[]> {
    return ctx.services.settlement.productPrices();
  }

  @Authorized()
  @Query(() => [PaymentRule], { description: 'The bonus-malus rules, by validity' })
  paymentRules(@Ctx() ctx: Context): Promise<PaymentRuleRow[]> {
    return ctx.services.settlement.paymentRules();
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => PaymentRule, { description: 'A new version of the bonus-malus rule from a date' })
  setPaymentRule(
    @Arg('input', () => SetPaymentRuleInput) input: SetPaymentRuleInput,
    @Ctx() ctx: Context,
  ): Promise<PaymentRuleRow> {
    return ctx.services.settlement.setPaymentRule(input);
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => ProductPrice, { description: 'A new price of a PxQ product from a date' })
  setProductPrice(
    @Arg('input', () => SetProductPriceInput) input: SetProductPriceInput,
    @Ctx() ctx: Context,
  ): Promise<ProductPriceRow> {
    return ctx.services.settlement.setProductPrice(input);
  }

  @Authorized(Role.PROVIDER_ADMIN)
  @Mutation(() => SubcontractPayout, {
    description: 'The main contractor records that it paid a subcontractor for a period; final once recorded',
  })
  markPayoutPaid(
    @Arg('input', () => MarkPayoutPaidInput) input: MarkPayoutPaidInput,
    @Ctx() ctx: Context,
  ): Promise<SubcontractPayoutRow> {
    return ctx.services.settlement.markPayoutPaid(input);
  }

  @Authorized(Role.PROVIDER_STAFF, Role.PROVIDER_ADMIN)
  @Mutation(() => DeliveredUnits, {
    description: 'The responsible provider registers delivered units (PxQ or population budget)',
  })
  registerDeliveredUnits(
    @Arg('input', () => RegisterDeliveredUnitsInput) input: RegisterDeliveredUnitsInput,
    @Ctx() ctx: Context,
  ): Promise<DeliveredUnitsRow> {
    return ctx.services.settlement.registerUnits(input);
  }

  @Authorized(Role.PROVIDER_ADMIN, Role.REGION_ADMIN)
  @Query(() => [SubcontractPayout], {
    description: 'What a main contractor owes its subcontractors for requests accepted in the period',
  })
  subcontractPayouts(
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Arg('mainContractorId', () => ID, { nullable: true }) mainContractorId: string | null,
    @Ctx() ctx: Context,
  ): Promise<SubcontractPayoutRow[]> {
    return ctx.services.settlement.subcontractPayouts(mainContractorId, from, to);
  }

  @Authorized(Role.REGION_ADMIN, Role.CONTRACT_MANAGER, Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF)
  @Query(() => [PopulationBudget], {
    description:
      'The population budgets of a consortium in a year, with allocations and spend. A contract manager sees only the ' +
      'budgets of its own municipality’s areas; a provider only those of consortia it is lead or partner of.',
  })
  populationBudgets(
    @Arg('consortiumId', () => ID) consortiumId: string,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: Context,
  ): Promise<BudgetRow[]> {
    return ctx.services.settlement.budgets(consortiumId, year);
  }

  @Authorized(Role.REGION_ADMIN)
  @Mutation(() => PopulationBudget)
  setPopulationBudget(
    @Arg('input', () => SetPopulationBudgetInput) input: SetPopulationBudgetInput,
    @Ctx() ctx: Context,
  ): Promise<BudgetRow> {
    return ctx.services.settlement.setBudget(input);
  }

  @Authorized(Role.PROVIDER_ADMIN)
  @Mutation(() => PopulationBudget, { description: 'The lead partner divides a population budget among the partners' })
  allocateBudget(
    @Arg('input', () => AllocateBudgetInput) input: AllocateBudgetInput,
    @Ctx() ctx: Context,
  ): Promise<BudgetRow> {
    return ctx.services.settlement.allocate(input);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Amount minus tariff: the malus (negative) under OUTPUT, null otherwise',
  })
  bonusMalusCents(@Root() s: SettlementRow): number | null {
    return s.tariffCents === null ? null : s.amountCents - s.tariffCents;
  }
}

@Resolver(() => Trajectory)
export class TrajectorySettlementResolver {
  @FieldResolver(() => Settlement, { nullable: true, description: 'The latest settlement of a closed trajectory' })
  async settlement(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<SettlementRow | null> {
    return (await ctx.loaders.settlementsOf.load(t.id))[0] ?? null;
  }

  @FieldResolver(() => [Settlement], { description: 'Every settlement version, newest first' })
  settlements(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<SettlementRow[]> {
    return ctx.loaders.settlementsOf.load(t.id);
  }

  @FieldResolver(() => [DeliveredUnits])
  deliveredUnits(@Root() t: TrajectoryRow, @Ctx() ctx: Context): Promise<DeliveredUnitsRow[]> {
    return ctx.loaders.deliveredUnitsOf.load(t.id);
  }
}

@Resolver(() => SubcontractPayout)
export class SubcontractPayoutResolver {
  @FieldResolver(() => Provider)
  mainContractor(@Root() p: SubcontractPayoutRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, p.mainContractorId, 'provider');
  }

  @FieldResolver(() => Provider)
  subcontractor(@Root() p: SubcontractPayoutRow, @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, p.subcontractorId, 'provider');
  }

  @FieldResolver(() => Subcontract)
  subcontract(@Root() p: SubcontractPayoutRow, @Ctx() ctx: Context): Promise<Subcontract> {
    return required(ctx.loaders.subcontract, p.subcontractId, 'subcontract');
  }
}

@Resolver(() => PopulationBudget)
export class PopulationBudgetResolver {
  @FieldResolver(() => Consortium)
  consortium(@Root() b: BudgetRow, @Ctx() ctx: Context): Promise<Consortium> {
    return required(ctx.loaders.consortium, b.consortiumId, 'consortium');
  }

  @FieldResolver(() => Area)
  area(@Root() b: BudgetRow, @Ctx() ctx: Context): Promise<Area> {
    return required(ctx.loaders.area, b.areaId, 'area');
  }

  @FieldResolver(() => [BudgetAllocation])
  allocations(@Root() b: BudgetRow): BudgetRow['allocations'] {
    return b.allocations;
  }

  @FieldResolver(() => Number, { description: 'Sum of the allocations, in cents' })
  allocatedCents(@Root() b: BudgetRow): number {
    return b.allocations.reduce((sum, a) => sum + a.amountCents, 0);
  }
}

@Resolver(() => BudgetAllocation)
export class BudgetAllocationResolver {
  @FieldResolver(() => Provider)
  provider(@Root() a: BudgetRow['allocations'][number], @Ctx() ctx: Context): Promise<Provider> {
    return required(ctx.loaders.provider, a.providerId, 'provider');
  }
}
