import { byIdLoader, groupedLoader } from '../../core/graphql/loaders.js';
import type { IjwMessageService } from './ijw-message.service.js';
import type { IjwProductService } from './ijw-product.service.js';

export function ijwLoaders(messages: IjwMessageService, products: IjwProductService) {
  return {
    ijwMessage: byIdLoader((ids) => messages.byIds(ids)),
    ijwMessagesOfTrajectory: groupedLoader(
      (ids) => messages.ofTrajectories(ids),
      (m) => m.trajectoryId,
    ),
    ijwSubjects: groupedLoader(
      (ids) => messages.subjectsOf(ids),
      (s) => s.messageId,
    ),
    ijwAnswers: groupedLoader(
      (ids) => messages.answersTo(ids),
      (m) => m.answersId!,
    ),
    ijwProductOfPic: groupedLoader(
      (ids) => products.productsOfPics(ids),
      (p) => p.picId,
    ),
  };
}
