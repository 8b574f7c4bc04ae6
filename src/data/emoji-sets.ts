/** The emoji datasets shipped in data/, by name: the study's two sets rebuilt from Twemoji art. */
export const emojiSets: Record<string, string[]> = {
  /** Eight distinct faces. */
  'emoji-8': ['grinning', 'heart_eyes', 'sunglasses', 'sob', 'angry', 'thinking_face', 'sleeping', 'skull'],
  /** Four emojis that are very different from each other. */
  'emoji-4': ['heart', 'star', 'sunny', 'ghost'],
};

/** The size of the shipped sets' pictures, as in the study: 20x20. */
export const EMOJI_SET_SIZE = 20;
