/** The trajectory page's data depends on this; a live update (trajectoryUpdated) invalidates it. */
export const TRAJECTORY_DEPENDENCY = 'app:trajectory';
