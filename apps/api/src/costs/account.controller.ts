import { Body, Controller, Get, Header, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator.js';
import { Clock } from '../common/clock.js';
import { validationProblem } from '../common/problem.js';
import {
  forbiddenResponse,
  ProblemDto,
  problemResponse,
  unauthorizedResponse,
} from '../common/problem.dto.js';
import { type AccountBalance, BalanceService } from './balance.service.js';
import { AccountBalanceDto, SetBalanceDto } from './dto/account-balance.dto.js';

@ApiTags('costs')
@ApiExtraModels(ProblemDto)
@Controller('account')
export class AccountController {
  constructor(
    private readonly balance: BalanceService,
    private readonly clock: Clock,
  ) {}

  @Get('balance')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'The account balance: RunPod’s own while GraphQL answers, else estimated from billing',
  })
  @ApiOkResponse({ type: AccountBalanceDto })
  get(): Promise<AccountBalance> {
    return this.balance.current();
  }

  @Put('balance')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Set a balance known for certain (e.g. read in the RunPod console)',
    description:
      'Once RunPod’s GraphQL is gone the balance is estimated from the newest known balance minus ' +
      'RunPod’s billed amounts since then and the live burn. Setting one here restarts the estimate from it.',
  })
  @ApiOkResponse({ type: AccountBalanceDto, description: 'The balance as it now stands' })
  @ApiBadRequestResponse(
    problemResponse('`amount` is not a number, or `at` is not an ISO 8601 time in the past', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid at: at must not be in the future',
      instance: '/api/v1/account/balance',
      errors: [{ field: 'at', message: 'at must not be in the future' }],
    }),
  )
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/account/balance'))
  @ApiForbiddenResponse(forbiddenResponse('/api/v1/account/balance'))
  async set(@Body() body: SetBalanceDto, @Actor() actor: string): Promise<AccountBalance> {
    const now = this.clock.now();
    const at = body.at === undefined ? now : new Date(body.at);
    if (at.getTime() > now.getTime())
      throw validationProblem([{ field: 'at', message: 'at must not be in the future' }]);
    return this.balance.setKnown(body.amount, at, actor);
  }
}
