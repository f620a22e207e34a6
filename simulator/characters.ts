import type { UploadedVideo } from './jobs';

/** Characters (api-contract §2.9): a name and the short video they were made from. */

export interface Character {
	id: string;
	name: string;
	createdMs: number;
	upload: UploadedVideo;
}

export class CharacterStore {
	private readonly characters = new Map<string, Character>();

	add(character: Character): void {
		this.characters.set(character.id, character);
	}

	get(id: string): Character | undefined {
		return this.characters.get(id);
	}
}
