import { ApiProperty } from '@nestjs/swagger';
import type { GraphqlHealth } from '@podwatch/shared';

export class GraphqlHealthDto implements GraphqlHealth {
  @ApiProperty({
    enum: ['on', 'failing', 'retired', 'off'],
    description:
      'on; failing: the last call failed; retired: a 410/404 switched it off for the process; off: RUNPOD_GRAPHQL=off',
    example: 'on',
  })
  state: GraphqlHealth['state'];

  @ApiProperty({ enum: ['auto', 'off'], description: 'RUNPOD_GRAPHQL', example: 'auto' })
  mode: GraphqlHealth['mode'];

  @ApiProperty({ type: String, nullable: true, example: null })
  retiredAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The answer that retired it', example: null })
  retiredBecause: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:00:00.450Z' })
  lastOkAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the last call failed', example: null })
  lastError: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Shown on the dashboard while GraphQL is retired or off',
    example: null,
  })
  notice: string | null;
}
