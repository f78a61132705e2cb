import { Field, ID, InterfaceType } from 'type-graphql';
import type { NodeLabel } from '../relationships/relationship-kinds';

@InterfaceType({
  description: 'Anything that can sit at the end of a relationship: an Actor, an Initiative or a Territory.',
  resolveType: (value: { nodeLabel?: NodeLabel }) => value.nodeLabel,
})
export abstract class GraphNode {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  /** Set by repositories so interface fields can resolve their concrete type. */
  nodeLabel: NodeLabel;
}
