import { Module } from '@nestjs/common';
import { PodActionsService } from './pod-actions.service.js';
import { PodsController } from './pods.controller.js';

@Module({ controllers: [PodsController], providers: [PodActionsService], exports: [PodActionsService] })
export class PodsModule {}
