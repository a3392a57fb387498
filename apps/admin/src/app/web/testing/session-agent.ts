import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEV_ADMIN_PASSWORD } from '@overblik/testing';

/** The CSRF token of the form on a page. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('the page has no CSRF token');
  return token;
}

/** A supertest agent holding the session of a development user logged in through the login form. */
export async function loggedInAgent(app: INestApplication, username: string) {
  const agent = request.agent(app.getHttpServer());
  const page = await agent.get('/log-ind').expect(200);
  await agent
    .post('/log-ind')
    .type('form')
    .send({ _csrf: csrfOf(page.text), username, password: DEV_ADMIN_PASSWORD })
    .expect(303)
    .expect('location', '/');
  return agent;
}
