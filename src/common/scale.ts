import { registerEnumType } from 'type-graphql';

/** Policy levels, in order from local to international: order matters for articulation views. */
export enum Scale {
  LOCAL = 'LOCAL',
  DEPARTMENTAL = 'DEPARTMENTAL',
  REGIONAL = 'REGIONAL',
  NATIONAL = 'NATIONAL',
  INTERNATIONAL = 'INTERNATIONAL',
}

export const SCALE_ORDER: Scale[] = [Scale.LOCAL, Scale.DEPARTMENTAL, Scale.REGIONAL, Scale.NATIONAL, Scale.INTERNATIONAL];

registerEnumType(Scale, { name: 'Scale', description: 'Level of action or policy, from local to international' });
