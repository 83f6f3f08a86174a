import 'reflect-metadata';
import { Pic, Intensity, Profile } from '../modules/catalogue/catalogue.entity.js';
import { Consortium, ConsortiumMembership, Lot } from '../modules/consortium/consortium.entity.js';
import { IntegratedTeam } from '../modules/integrated-team/integrated-team.entity.js';
import { Area, Municipality, Region } from '../modules/municipality/municipality.entity.js';
import { Provider } from '../modules/provider/provider.entity.js';
import { Subcontract } from '../modules/subcontract/subcontract.entity.js';

/** Every TypeORM entity. */
export const entities = [
  Region,
  Municipality,
  Area,
  Provider,
  Lot,
  Consortium,
  ConsortiumMembership,
  Profile,
  Intensity,
  Pic,
  Subcontract,
  IntegratedTeam,
];
