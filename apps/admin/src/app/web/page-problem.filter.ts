import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemDetailsFilter } from '@overblik/platform';
import { ADMIN_ACCESS_RULES } from '../auth/admin-access.decorator';

const DANISH_BY_STATUS: Record<number, [string, string]> = {
  403: ['Ingen adgang', ADMIN_ACCESS_RULES['ADMIN-ROLE-FORBIDDEN'].da],
  404: ['Siden findes ikke', 'Siden eller oplysningen findes ikke, eller du har ikke adgang til den.'],
  503: ['Prøv igen om lidt', 'Systemet kan ikke nå sin database lige nu.'],
};

/**
 * Errors of a page, for a person: not logged in → the login page; a refusal or a missing thing → a
 * Danish page with the status; anything else → the platform's problem answer (never a stack).
 */
@Catch()
export class PageProblemFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status === 401) {
      res.redirect(303, '/log-ind');
      return;
    }
    const body = exception instanceof HttpException ? (exception.getResponse() as { rule?: string }) : {};
    const danish =
      body.rule === 'ADMIN-MUNICIPALITY-FORBIDDEN'
        ? (['Ingen adgang', ADMIN_ACCESS_RULES['ADMIN-MUNICIPALITY-FORBIDDEN'].da] as [string, string])
        : DANISH_BY_STATUS[status];
    // a browser asks for html first; a client that names no type, or json, gets problem+json
    if (danish && req.accepts(['application/problem+json', 'application/json', 'html']) === 'html') {
      res.status(status).render('error.njk', { heading: danish[0], message: danish[1] });
      return;
    }
    this.problems.catch(exception, host);
  }
}
