/**
 * The rating channels (issue 13 item 5) for main/kiosk.ts's router: `rating.check`,
 * `rating.submit`, `rating.survey`, `survey.submit` (contract.ts beside).
 */
import type { ParsedRequestOf, ResponseOf } from '../../ipc/contract';
import type { RatingService } from './index';

export function ratingHandlers(ratings: RatingService) {
  return {
    'rating.check': ({ dossierCode }: ParsedRequestOf<'rating.check'>): Promise<ResponseOf<'rating.check'>> => ratings.check(dossierCode),
    'rating.submit': (request: ParsedRequestOf<'rating.submit'>): Promise<ResponseOf<'rating.submit'>> => ratings.submit(request),
    'rating.survey': (): Promise<ResponseOf<'rating.survey'>> => ratings.survey(),
    'survey.submit': (request: ParsedRequestOf<'survey.submit'>): Promise<ResponseOf<'survey.submit'>> => ratings.submitSurvey(request),
  };
}
