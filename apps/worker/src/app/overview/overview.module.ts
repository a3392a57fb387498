import { Module } from '@nestjs/common';
import { AnswerPrerenderService } from './answer-prerender.service';

/** The worker's part of the overview: keeping the stored answers rendered (ADR 0003). */
@Module({ providers: [AnswerPrerenderService] })
export class OverviewModule {}
