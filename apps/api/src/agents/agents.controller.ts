import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AgentReport, AgentReportResult, AgentSessionView } from '@podwatch/shared';
import { AgentAccess } from '../auth/public.decorator.js';
import { AgentReportsService } from './agent-reports.service.js';
import { AgentsService } from './agents.service.js';
import { AgentReportDto, AgentReportResultDto } from './dto/agent-report.dto.js';
import { AGENT_REPORT_EXAMPLE } from './dto/agent-report.example.js';
import { AgentHeartbeatDto, AgentSessionDto, AgentsQueryDto } from './dto/agents.dto.js';

@ApiTags('agents')
@Controller('agents')
export class AgentsController {
  constructor(
    private readonly agents: AgentsService,
    private readonly reports: AgentReportsService,
  ) {}

  @Post('heartbeat')
  @HttpCode(200)
  @AgentAccess()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'An agent working in a pod reports in (every ~30 s); `working` resets the instance’s countdown',
    description:
      'Give `podId` or `instance` (which resolves to its pod). A session is active while its last heartbeat ' +
      'is under 2 minutes old; the idle-pod alert ignores pods with an active agent.',
  })
  @ApiOkResponse({ type: AgentSessionDto })
  heartbeat(@Body() body: AgentHeartbeatDto): Promise<AgentSessionView> {
    return this.agents.heartbeat(body);
  }

  @Post('report')
  @HttpCode(200)
  @AgentAccess()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'A report of `podwatch agent` from inside a pod: stored as telemetry, and activity for its instance',
    description:
      'Stored as a telemetry sample with `source: agent` beside RunPod’s. For the instance that owns `podId` it ' +
      'resets the countdown when a GPU is at or above `activity.gpuUtilPercent`, when a GPU process runs ' +
      '(`activity.gpuProcess`) or an SSH session is open (`activity.sshSession`). A source the agent could not ' +
      'read counts as activity (unknown), never as idle. Takes the admin token or the agent token ' +
      '(PODWATCH_AGENT_TOKEN).',
  })
  @ApiBody({ type: AgentReportDto, examples: { 'idle H100': { value: AGENT_REPORT_EXAMPLE } } })
  @ApiOkResponse({ type: AgentReportResultDto })
  @ApiBadRequestResponse({ description: 'A field is missing or out of range (problem+json naming each)' })
  report(@Body() body: AgentReportDto): Promise<AgentReportResult> {
    // Validated field by field above; the DTO classes cannot spell the available/unavailable unions.
    return this.reports.record(body as unknown as AgentReport);
  }

  @Get()
  @ApiOperation({ summary: 'Agent sessions, latest heartbeat first, each marked active or not' })
  @ApiOkResponse({ type: [AgentSessionDto] })
  list(@Query() query: AgentsQueryDto): Promise<AgentSessionView[]> {
    return this.agents.list(query);
  }
}
