import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AlertView, EventsPage, WebhookDeliveryView } from '@podwatch/shared';
import {
  AlertDto,
  AlertsQueryDto,
  DeliveriesQueryDto,
  EventsPageDto,
  EventsQueryDto,
  WebhookDeliveryDto,
} from './dto/events.dto.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@Controller()
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get('events')
  @ApiOperation({
    summary: 'The events stream: every audited decision, action, confirmation, flush, warning and alert',
    description:
      'Newest first; or, with `after=<cursor>`, what happened since, oldest first (poll with the returned `cursor`). ' +
      'Alert events carry the alert and its webhook deliveries.',
  })
  @ApiOkResponse({ type: EventsPageDto })
  list(@Query() query: EventsQueryDto): Promise<EventsPage> {
    return this.events.events({ after: query.after, limit: query.limit ?? 50, kind: query.kind });
  }

  @Get('alerts')
  @ApiOperation({ summary: 'Alerts, newest first, with their webhook deliveries' })
  @ApiOkResponse({ type: [AlertDto] })
  alerts(@Query() query: AlertsQueryDto): Promise<AlertView[]> {
    return this.events.alerts({ open: query.open, rule: query.rule, limit: query.limit ?? 100 });
  }

  @Get('webhook-deliveries')
  @ApiOperation({ summary: 'The webhook delivery log, newest first: attempts, response status, last error' })
  @ApiOkResponse({ type: [WebhookDeliveryDto] })
  deliveries(@Query() query: DeliveriesQueryDto): Promise<WebhookDeliveryView[]> {
    return this.events.deliveries({ status: query.status, limit: query.limit ?? 100 });
  }
}
