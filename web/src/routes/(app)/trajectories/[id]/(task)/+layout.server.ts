import { loadTrajectory } from '$lib/server/trajectory';
import type { LayoutServerLoad } from './$types';

/** A task page of a trajectory (expertise, transfer, outcome, …): its form, with the trajectory it is about. */
export const load: LayoutServerLoad = async (event) => ({ trajectory: await loadTrajectory(event) });
